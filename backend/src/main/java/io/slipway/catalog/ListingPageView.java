package io.slipway.catalog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.result.view.View;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code /services} as the template renders it, with the page's listing (filter, matrix and pager,
 * kept as UTF-8 by {@link RenderedListings}) written as those bytes where the template marks its
 * place. Through the template engine, a hundred-odd kilobytes of kept HTML were copied into a
 * char array, wrapped and encoded again on every view: the largest allocation of a page view and a
 * good part of its CPU, for bytes that had not changed.
 */
final class ListingPageView implements View {

	/** Where the listing goes: a comment the page template writes and nothing else does. */
	static final String MARK = "<!--slipway:listing-->";

	private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);

	private final View page;

	private final byte[] listing;

	/**
	 * @param page the page's view, which writes {@link #MARK} once
	 * @param listing what replaces the mark
	 */
	ListingPageView(View page, byte[] listing) {
		this.page = page;
		this.listing = listing;
	}

	@Override
	public List<MediaType> getSupportedMediaTypes() {
		return this.page.getSupportedMediaTypes();
	}

	@Override
	public Mono<Void> render(@Nullable Map<String, ?> model, @Nullable MediaType contentType,
			ServerWebExchange exchange) {
		ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return super.writeWith(Flux.from(body).concatMapIterable(ListingPageView.this::splice));
			}

		};
		return this.page.render(model, contentType, exchange.mutate().response(response).build());
	}

	private List<DataBuffer> splice(DataBuffer buffer) {
		int mark = indexOfMark(buffer);
		if (mark < 0) {
			return List.of(buffer);
		}
		DataBuffer before = buffer.split(mark);
		buffer.readPosition(buffer.readPosition() + MARK_BYTES.length);
		return List.of(before, buffer.factory().wrap(this.listing), buffer);
	}

	/** @return where the mark starts, counted from the buffer's start as {@link DataBuffer#split} counts */
	private static int indexOfMark(DataBuffer buffer) {
		int last = buffer.writePosition() - MARK_BYTES.length;
		for (int i = buffer.readPosition(); i <= last; i++) {
			if (buffer.getByte(i) == MARK_BYTES[0] && matchesAt(buffer, i)) {
				return i;
			}
		}
		return -1;
	}

	private static boolean matchesAt(DataBuffer buffer, int index) {
		for (int j = 1; j < MARK_BYTES.length; j++) {
			if (buffer.getByte(index + j) != MARK_BYTES[j]) {
				return false;
			}
		}
		return true;
	}

}
