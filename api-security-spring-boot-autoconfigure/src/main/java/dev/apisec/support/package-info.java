/**
 * The few helpers shared by several features: the {@code apisec.enabled} switch
 * ({@code @ConditionalOnApiSecEnabled}), the switch of a feature that turns itself on
 * once configured ({@code @ConditionalOnApiSecFeature}), the orders of the starter's
 * servlet filters ({@code ApiSecFilterOrder}) and their registration, the condition on a
 * configured list, request patterns from configuration, the attributes configured for API
 * keys and client certificates, and {@code ApiSecConfigurationException} with its failure
 * analyzer for a refused {@code apisec.*} value. It depends on no other package of the
 * starter and stays small: a class that knows a feature belongs in that feature's
 * package.
 */
package dev.apisec.support;
