package io.slipway.argocd.fake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One change to one Application, shared by every open stream: it is serialised once, on first
 * use, and each stream writes the same bytes, so a broadcast costs no copy per subscriber.
 */
final class WatchEvent {

	final String type;

	/** The Application after the change; never modified once published. */
	final ObjectNode application;

	final String name;

	final long resourceVersion;

	private volatile byte[] json;

	private volatile byte[] digest;

	WatchEvent(String type, ObjectNode application, long resourceVersion) {
		this.type = type;
		this.application = application;
		this.name = application.path("metadata").path("name").asString();
		this.resourceVersion = resourceVersion;
	}

	/**
	 * @return {@code {"result":{"type":...,"application":{...}}}} without any framing
	 */
	byte[] json() {
		byte[] bytes = this.json;
		if (bytes == null) {
			bytes = GoJson.bytes(result());
			this.json = bytes;
		}
		return bytes;
	}

	/** A fingerprint of {@link #json()} for the per-application de-duplication of each stream. */
	byte[] digest() {
		byte[] value = this.digest;
		if (value == null) {
			value = digest(json());
			this.digest = value;
		}
		return value;
	}

	ObjectNode result() {
		ObjectNode result = GoJson.object();
		result.put("type", this.type);
		result.set("application", this.application);
		ObjectNode event = GoJson.object();
		event.set("result", result);
		return event;
	}

	JsonNode labels() {
		return this.application.path("metadata").path("labels");
	}

	static byte[] digest(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
