package io.slipway.argocd.internal.webclient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.buffer.DataBufferLimitException;

/**
 * Splits the bytes of {@code GET /api/v1/stream/applications} into frames, in either of the two
 * framings Argo CD uses. Stateful: one decoder per stream, fed the body's chunks in order, wherever
 * the chunk boundaries fall (a line, even a UTF-8 character, may span chunks).
 * <p>
 * Server-sent events follow the WHATWG parsing rules, which is what Argo CD's framing needs: its
 * {@code "data: " + json + " \n\n"} leaves a space at the end of the data (kept here; a JSON
 * parser skips it), the gateway's extra {@code "\n"} makes an empty event (dropped, as the spec
 * says), and the keepalive {@code ":\n"} is a comment (reported, so callers know the stream is
 * alive). Several {@code data:} lines of one event are joined with {@code "\n"}; {@code event},
 * {@code id} and {@code retry} fields are ignored because Argo CD sends none. An event the stream
 * ends in the middle of is dropped.
 * <p>
 * Without {@code Accept: text/event-stream} Argo CD sends newline-delimited JSON instead: each
 * non-blank line is one frame, and the last line counts even without its newline.
 */
final class EventStreamDecoder {

	/** What one stream is made of, in order. */
	sealed interface Frame {

	}

	/**
	 * The data of one event: a JSON document, possibly with whitespace around it.
	 * @param data the data lines joined with {@code "\n"}
	 */
	record Data(String data) implements Frame {
	}

	/**
	 * A comment line; Argo CD's keepalive is an empty one.
	 * @param text what followed the colon
	 */
	record Comment(String text) implements Frame {
	}

	private final boolean serverSentEvents;

	private final int maxLineBytes;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

	private final StringBuilder data = new StringBuilder();

	private boolean hasData;

	private boolean afterCarriageReturn;

	private boolean firstLine = true;

	private EventStreamDecoder(boolean serverSentEvents, int maxLineBytes) {
		this.serverSentEvents = serverSentEvents;
		this.maxLineBytes = maxLineBytes;
	}

	/**
	 * @param maxLineBytes the longest line accepted, so a stream without newlines cannot take the
	 * whole heap
	 * @return a decoder of {@code text/event-stream}
	 */
	static EventStreamDecoder serverSentEvents(int maxLineBytes) {
		return new EventStreamDecoder(true, maxLineBytes);
	}

	/**
	 * @param maxLineBytes the longest line accepted
	 * @return a decoder of newline-delimited JSON
	 */
	static EventStreamDecoder newlineDelimitedJson(int maxLineBytes) {
		return new EventStreamDecoder(false, maxLineBytes);
	}

	/**
	 * @param bytes the next chunk of the body
	 * @return the frames completed by this chunk, in order
	 * @throws DataBufferLimitException when a line exceeds the limit
	 */
	List<Frame> feed(byte[] bytes) {
		List<Frame> frames = new ArrayList<>(2);
		for (byte b : bytes) {
			if (b == '\n' && this.afterCarriageReturn) {
				// the second half of CRLF: the line already ended at CR
				this.afterCarriageReturn = false;
				continue;
			}
			this.afterCarriageReturn = (b == '\r');
			if (b == '\n' || b == '\r') {
				endLine(frames);
			}
			else {
				if (this.line.size() >= this.maxLineBytes) {
					throw new DataBufferLimitException("a line of the stream exceeds " + this.maxLineBytes + " bytes");
				}
				this.line.write(b);
			}
		}
		return frames;
	}

	/**
	 * @return the frames still pending when the body ends
	 */
	List<Frame> finish() {
		List<Frame> frames = new ArrayList<>(1);
		if (!this.serverSentEvents && this.line.size() > 0) {
			endLine(frames);
		}
		// an unfinished server-sent event is dropped, as the spec says
		return frames;
	}

	private void endLine(List<Frame> frames) {
		String text = this.line.toString(StandardCharsets.UTF_8);
		this.line.reset();
		if (this.firstLine) {
			this.firstLine = false;
			if (text.startsWith("\uFEFF")) {
				text = text.substring(1);
			}
		}
		if (this.serverSentEvents) {
			serverSentEventLine(text, frames);
		}
		else if (!text.isBlank()) {
			frames.add(new Data(text));
		}
	}

	private void serverSentEventLine(String text, List<Frame> frames) {
		if (text.isEmpty()) {
			if (this.hasData) {
				// the spec drops the newline after the last data line
				this.data.setLength(this.data.length() - 1);
				frames.add(new Data(this.data.toString()));
			}
			this.data.setLength(0);
			this.hasData = false;
			return;
		}
		if (text.charAt(0) == ':') {
			frames.add(new Comment(text.substring(1)));
			return;
		}
		int colon = text.indexOf(':');
		String field = (colon < 0) ? text : text.substring(0, colon);
		if (!field.equals("data")) {
			return;
		}
		String value = (colon < 0) ? "" : text.substring(colon + 1);
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		this.data.append(value).append('\n');
		this.hasData = true;
	}

}
