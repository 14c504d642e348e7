package io.slipway.gitops;

/**
 * A key-path read or edit of a YAML document ({@link YamlKeyPathEditor}) could not be done: the
 * document does not parse, the path is malformed, a segment is missing, or the path does not end
 * at a one-line scalar. The message names the path and what was missing, fit to show.
 */
public class YamlKeyPathException extends IllegalArgumentException {

	public YamlKeyPathException(String message) {
		super(message);
	}

	public YamlKeyPathException(String message, Throwable cause) {
		super(message, cause);
	}

}
