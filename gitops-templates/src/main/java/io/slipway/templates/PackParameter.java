package io.slipway.templates;

/**
 * A value a template pack reads, as declared in its {@code pack.yaml}: a dotted path into the values
 * tree ({@code []} marks list elements, e.g. {@code service.env[].name}), whether it may be absent,
 * and what it is for. Packs refuse to load when a template reads a path they do not declare, so this
 * list is the complete input contract of a pack.
 */
public record PackParameter(String name, boolean optional, String description) {
}
