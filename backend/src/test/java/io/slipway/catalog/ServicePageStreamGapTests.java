package io.slipway.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.result.view.Fragment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A change Argo CD reports while an opening service page's first panels are still being rendered
 * (reading Git for the history can take a while) reaches the page: the stream listens before it
 * renders. Rendering first, it lost the change until the next one, and the page showed a state
 * Argo CD had already left.
 */
class ServicePageStreamGapTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	@Test
	void aChangeDuringTheFirstRenderingRendersAgain() {
		ServiceStatuses statuses = mock(ServiceStatuses.class);
		ServicePanels panels = mock(ServicePanels.class);
		// hot and dropping what nobody listens to, like the cache's changes
		Sinks.Many<Set<String>> changes = Sinks.many().multicast().directBestEffort();
		given(statuses.service("payments")).willReturn(Mono.just(Optional.of(mock(ServiceView.class))));
		given(statuses.changedServices()).willReturn(changes.asFlux());
		ServicePageController.Panel healthy = mock(ServicePageController.Panel.class);
		ServicePageController.Panel degraded = mock(ServicePageController.Panel.class);
		Sinks.One<Optional<ServicePanels.Panels>> firstRendering = Sinks.one();
		AtomicInteger renderings = new AtomicInteger();
		given(panels.of("payments")).willAnswer((invocation) -> (renderings.incrementAndGet() == 1)
				? firstRendering.asMono() : Mono.just(Optional.of(new ServicePanels.Panels(mock(ServiceView.class),
						List.of(degraded)))));
		ServicePageStreamController controller = new ServicePageStreamController(panels, statuses);

		StepVerifier.create(controller.streamService("payments").filter((event) -> "panel".equals(event.event())))
			.then(() -> {
				// Argo CD reports the change while the first rendering, begun before it, is under way
				assertThat(changes.tryEmitNext(Set.of("payments"))).isEqualTo(Sinks.EmitResult.OK);
				firstRendering.tryEmitValue(Optional.of(new ServicePanels.Panels(mock(ServiceView.class),
						List.of(healthy))));
			})
			.assertNext((event) -> assertThat(panelOf(event)).isSameAs(healthy))
			.assertNext((event) -> assertThat(panelOf(event)).isSameAs(degraded))
			.thenCancel()
			.verify(PATIENCE);
		assertThat(renderings).hasValue(2);
	}

	private static Object panelOf(ServerSentEvent<Fragment> event) {
		return event.data().model().get("panel");
	}

}
