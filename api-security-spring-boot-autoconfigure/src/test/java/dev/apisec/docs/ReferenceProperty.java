package dev.apisec.docs;

/**
 * One row of the property reference.
 *
 * @param group the table the property appears in
 * @param name the full property name, e.g. "apisec.jwt.issuers[].issuer-uri"
 * @param type the binary type name as written in configuration metadata
 * @param defaultValue the default as written in a properties file, empty when there is
 * none
 * @param description the description, or {@code null}
 */
record ReferenceProperty(String group, String name, String type, String defaultValue, String description) {

}
