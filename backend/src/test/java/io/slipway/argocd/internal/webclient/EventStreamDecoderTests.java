package io.slipway.argocd.internal.webclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.slipway.argocd.internal.webclient.EventStreamDecoder.Comment;
import io.slipway.argocd.internal.webclient.EventStreamDecoder.Data;
import io.slipway.argocd.internal.webclient.EventStreamDecoder.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferLimitException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The stream decoder against the exact bytes Argo CD sends ({@code argocd/stream-*.txt}, copied
 * from the contract pack) and the parts of the server-sent events rules Argo CD's framing relies
 * on, wherever the network splits the bytes.
 */
class EventStreamDecoderTests {

	private static final int LIMIT = 1024 * 1024;

	@Test
	void readsArgoCdsFramingAsTwoEventsAndAKeepalive() {
		List<Frame> frames = decodeAll(EventStreamDecoder.serverSentEvents(LIMIT), read("stream-applications.sse.txt"));

		assertThat(frames).hasSize(3);
		assertThat(frames.get(0)).isInstanceOf(Data.class);
		assertThat(frames.get(1)).isEqualTo(new Comment(""));
		assertThat(frames.get(2)).isInstanceOf(Data.class);
		// Argo CD writes "data: <json> \n\n": the space stays part of the data, JSON ignores it
		assertThat(((Data) frames.get(0)).data()).endsWith("}} ");
		assertThat(json(frames.get(0)).at("/result/type").stringValue()).isEqualTo("ADDED");
		assertThat(json(frames.get(2)).at("/result/type").stringValue()).isEqualTo("MODIFIED");
		assertThat(json(frames.get(2)).at("/result/application/metadata/name").stringValue())
			.isEqualTo("orders-service-staging");
	}

	@Test
	void decodesTheSameFramesWhereverTheNetworkSplitsTheBytes() {
		byte[] stream = read("stream-applications.sse.txt");
		List<Frame> whole = decodeAll(EventStreamDecoder.serverSentEvents(LIMIT), stream);
		for (int split = 1; split < stream.length; split += 7) {
			EventStreamDecoder decoder = EventStreamDecoder.serverSentEvents(LIMIT);
			List<Frame> frames = new ArrayList<>(decoder.feed(Arrays.copyOfRange(stream, 0, split)));
			frames.addAll(decoder.feed(Arrays.copyOfRange(stream, split, stream.length)));
			frames.addAll(decoder.finish());
			assertThat(frames).as("split at %d", split).isEqualTo(whole);
		}
	}

	@Test
	void keepsAMultiByteCharacterThatSpansTwoChunks() {
		byte[] stream = "data: {\"message\":\"Grüße — déjà vu\"} \n\n".getBytes(StandardCharsets.UTF_8);
		for (int split = 1; split < stream.length; split++) {
			EventStreamDecoder decoder = EventStreamDecoder.serverSentEvents(LIMIT);
			List<Frame> frames = new ArrayList<>(decoder.feed(Arrays.copyOfRange(stream, 0, split)));
			frames.addAll(decoder.feed(Arrays.copyOfRange(stream, split, stream.length)));
			assertThat(frames).as("split at %d", split)
				.containsExactly(new Data("{\"message\":\"Grüße — déjà vu\"} "));
		}
	}

	@Test
	void joinsTheDataLinesOfOneEventWithNewlines() {
		List<Frame> frames = decode("data: {\"result\":\ndata:{\"type\":\"ADDED\"}\ndata\ndata: }\n\n");

		// one space after the colon is dropped, none is required, and a bare "data" adds an empty line
		assertThat(frames).containsExactly(new Data("{\"result\":\n{\"type\":\"ADDED\"}\n\n}"));
	}

	@Test
	void dropsTheEmptyEventsOfTheGatewaysExtraNewline() {
		assertThat(decode("data: {} \n\n\n\n\ndata: [] \n\n\n")).containsExactly(new Data("{} "), new Data("[] "));
	}

	@Test
	void reportsKeepalivesAndOtherCommentsWithoutAnEvent() {
		assertThat(decode(":\n:\n: ping\n\n")).containsExactly(new Comment(""), new Comment(""), new Comment(" ping"));
	}

	@Test
	void acceptsCarriageReturnLineEndings() {
		assertThat(decode("data: {\"a\":1}\r\n\r\n:\rdata: {\"b\":2}\r\r"))
			.containsExactly(new Data("{\"a\":1}"), new Comment(""), new Data("{\"b\":2}"));
	}

	@Test
	void ignoresTheFieldsArgoCdNeverSends() {
		assertThat(decode("event: update\nid: 7\nretry: 1000\ndata: {}\nunknown: x\n\n"))
			.containsExactly(new Data("{}"));
	}

	@Test
	void dropsAnEventTheStreamEndsInTheMiddleOf() {
		EventStreamDecoder decoder = EventStreamDecoder.serverSentEvents(LIMIT);
		List<Frame> frames = new ArrayList<>(decoder.feed(bytes("data: {} \n\ndata: {\"cut\":")));
		frames.addAll(decoder.finish());

		assertThat(frames).containsExactly(new Data("{} "));
	}

	@Test
	void dropsAByteOrderMarkAtTheStart() {
		assertThat(decode("\uFEFFdata: {}\n\n")).containsExactly(new Data("{}"));
	}

	@Test
	void readsTheErrorOfAStreamOpenedWithoutAToken() {
		List<Frame> frames = decodeAll(EventStreamDecoder.serverSentEvents(LIMIT),
				read("stream-error-unauthenticated.sse.txt"));

		assertThat(frames).hasSize(1);
		assertThat(json(frames.get(0)).at("/error/grpc_code").intValue()).isEqualTo(16);
		assertThat(json(frames.get(0)).at("/error/message").stringValue()).isEqualTo("no session information");
	}

	@Test
	void readsNewlineDelimitedJsonWithTheLastLineWithoutItsNewline() {
		byte[] stream = read("stream-applications.ndjson.txt");
		List<Frame> frames = decodeAll(EventStreamDecoder.newlineDelimitedJson(LIMIT), stream);

		assertThat(frames).hasSize(2);
		assertThat(json(frames.get(0)).at("/result/type").stringValue()).isEqualTo("ADDED");
		assertThat(json(frames.get(1)).at("/result/type").stringValue()).isEqualTo("MODIFIED");

		byte[] unterminated = Arrays.copyOf(stream, stream.length - 1);
		assertThat(decodeAll(EventStreamDecoder.newlineDelimitedJson(LIMIT), unterminated)).isEqualTo(frames);
	}

	@Test
	void refusesALineLongerThanTheLimitRatherThanFillingTheHeap() {
		EventStreamDecoder decoder = EventStreamDecoder.serverSentEvents(1024);
		byte[] endless = new byte[4096];
		Arrays.fill(endless, (byte) 'x');

		assertThatExceptionOfType(DataBufferLimitException.class).isThrownBy(() -> decoder.feed(endless))
			.withMessageContaining("1024 bytes");
	}

	private static List<Frame> decode(String stream) {
		return decodeAll(EventStreamDecoder.serverSentEvents(LIMIT), bytes(stream));
	}

	private static List<Frame> decodeAll(EventStreamDecoder decoder, byte[] stream) {
		List<Frame> frames = new ArrayList<>(decoder.feed(stream));
		frames.addAll(decoder.finish());
		return frames;
	}

	private static JsonNode json(Frame frame) {
		return JsonMapper.shared().readTree(((Data) frame).data());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] read(String example) {
		try (InputStream in = EventStreamDecoderTests.class.getResourceAsStream("/argocd/" + example)) {
			if (in == null) {
				throw new IllegalArgumentException("no example argocd/" + example);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
