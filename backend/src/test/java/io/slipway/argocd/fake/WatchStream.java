package io.slipway.argocd.fake;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * One open {@code GET /api/v1/stream/applications}. The store offers events without blocking;
 * this stream's own request thread writes them, so a slow client only ever delays itself. Like
 * Argo CD's broadcaster it drops events once its buffer of 1000 is full.
 */
final class WatchStream {

	static final int BUFFER = 1000;

	private static final byte[] SSE_PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);

	/** {@code " \n\n"} from forwarders.go, then the gateway's delimiter {@code "\n"}. */
	private static final byte[] SSE_SUFFIX = " \n\n\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NDJSON_SUFFIX = "\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] KEEPALIVE = ":\n".getBytes(StandardCharsets.US_ASCII);

	private static final Object DROP = new Object();

	private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BUFFER + 1);

	private final Predicate<WatchEvent> filter;

	private final long minResourceVersion;

	private final @Nullable FieldProjection fields;

	private final boolean sse;

	private final Map<String, byte[]> lastSent = new HashMap<>();

	private volatile boolean dropped;

	WatchStream(Predicate<WatchEvent> filter, long minResourceVersion, @Nullable FieldProjection fields,
			boolean sse) {
		this.filter = filter;
		this.minResourceVersion = minResourceVersion;
		this.fields = fields;
		this.sse = sse;
	}

	boolean wants(WatchEvent event) {
		return this.filter.test(event);
	}

	/** Called with the store's lock held: must never block. */
	void offer(WatchEvent event) {
		if (this.filter.test(event) && this.queue.remainingCapacity() > 1) {
			this.queue.offer(event);
		}
	}

	/** Ends the stream mid-flight: the connection is cut without the final chunk. */
	void drop() {
		this.dropped = true;
		this.queue.clear();
		this.queue.offer(DROP);
	}

	/**
	 * Writes {@code initial}, then live events and keepalives until the client goes away or the
	 * stream is dropped.
	 * @param headers sends the response headers; called before the first byte, as the gateway
	 * only writes its headers then
	 * @param keepaliveNanos the current keepalive interval
	 * @throws Dropped when {@link #drop()} ended the stream
	 */
	void run(List<WatchEvent> initial, OutputStream body, Headers headers, LongSupplier keepaliveNanos)
			throws Dropped {
		Writer writer = new Writer(body, headers);
		try {
			for (WatchEvent event : initial) {
				send(event, writer);
			}
			long nextKeepalive = System.nanoTime() + keepaliveNanos.getAsLong();
			while (true) {
				Object item;
				if (this.sse) {
					long wait = nextKeepalive - System.nanoTime();
					item = (wait > 0) ? this.queue.poll(wait, TimeUnit.NANOSECONDS) : null;
				}
				else {
					item = this.queue.take();
				}
				if (this.dropped) {
					throw new Dropped();
				}
				if (item == null) {
					writer.write(KEEPALIVE, null, null);
					nextKeepalive = System.nanoTime() + keepaliveNanos.getAsLong();
				}
				else {
					send((WatchEvent) item, writer);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Dropped ex) {
			throw ex;
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private void send(WatchEvent event, Writer writer) throws IOException {
		if (event.resourceVersion < this.minResourceVersion) {
			return;
		}
		byte[] json;
		byte[] digest;
		if (this.fields == null) {
			json = event.json();
			digest = event.digest();
		}
		else {
			json = GoJson.bytes(this.fields.streamEvent((ObjectNode) event.result().get("result")));
			digest = WatchEvent.digest(json);
		}
		byte[] previous = this.lastSent.put(event.name, digest);
		if (previous != null && Arrays.equals(previous, digest)) {
			return;
		}
		if (this.sse) {
			writer.write(SSE_PREFIX, json, SSE_SUFFIX);
		}
		else {
			writer.write(json, NDJSON_SUFFIX, null);
		}
	}

	/** Sends the response headers. */
	@FunctionalInterface
	interface Headers {

		void send() throws IOException;

	}

	/** Thrown out of the handler so the server cuts the connection instead of ending the body. */
	static final class Dropped extends IOException {

		private static final long serialVersionUID = 1L;

		Dropped() {
			super("stream dropped by the fake", null);
		}

	}

	private static final class Writer {

		private final OutputStream body;

		private @Nullable Headers headers;

		Writer(OutputStream body, Headers headers) {
			this.body = body;
			this.headers = headers;
		}

		void write(byte[] first, byte @Nullable [] second, byte @Nullable [] third) throws IOException {
			if (this.headers != null) {
				this.headers.send();
				this.headers = null;
			}
			this.body.write(first);
			if (second != null) {
				this.body.write(second);
			}
			if (third != null) {
				this.body.write(third);
			}
			this.body.flush();
		}

	}

}
