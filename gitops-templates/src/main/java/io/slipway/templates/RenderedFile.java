package io.slipway.templates;

import java.util.Objects;

/**
 * One file a template pack wrote: its path in the infra repository (relative, forward slashes, no
 * {@code ..}) and its UTF-8 content.
 */
public record RenderedFile(String path, String content) {

	public RenderedFile {
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(content, "content");
	}

}
