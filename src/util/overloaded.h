#pragma once
/// A visitor made of several lambdas, one per alternative of a variant:
///
///   std::visit(overloaded{[](const A& a) { ... }, [](const B& b) { ... }}, v);
///
/// Write one lambda per alternative and no generic `[](const auto&)` catch-all:
/// then a new alternative fails to compile at every visitor until each one
/// handles it (ignoring it is fine, but written down as an empty lambda).

namespace pair {

template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

}  // namespace pair
