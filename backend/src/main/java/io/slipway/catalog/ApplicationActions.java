package io.slipway.catalog;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdException;
import io.slipway.argocd.Refresh;
import io.slipway.argocd.SyncRequest;
import io.slipway.audit.AuditableEvent;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Refresh and Sync of one service's application in one environment, each audited once Argo CD
 * accepted it. Who may ask is the permission matrix's to decide (protected environments need
 * on-call); an application outside Argo CD's own namespace is addressed in its namespace; a
 * refusal from Argo CD arrives as its {@link ArgoCdException} with Argo CD's own message.
 */
@Component
class ApplicationActions {

	private final ArgoCdAccess argoCd;

	private final ApplicationEventPublisher events;

	ApplicationActions(ArgoCdAccess argoCd, ApplicationEventPublisher events) {
		this.argoCd = argoCd;
		this.events = events;
	}

	/**
	 * Asks Argo CD to compare the application with Git again, and waits until it has.
	 * @return the application after the refresh
	 */
	Mono<Application> refresh(String actor, String service, EnvironmentView environment) {
		return Mono.defer(() -> refreshNow(actor, service, environment));
	}

	private Mono<Application> refreshNow(String actor, String service, EnvironmentView environment) {
		ArgoCdView target = target(environment);
		return this.argoCd.client()
			.refresh(target.application(), target.namespace(), target.project(), Refresh.NORMAL)
			.flatMap((application) -> publish(new ApplicationRefreshRequested(actor, service, environment.name(),
					application.name(), application.syncStatus(), revisionOf(application)))
				.thenReturn(application));
	}

	/**
	 * Asks Argo CD to sync the application to the revision Git declares (its target revision),
	 * pruning what Git no longer has, as auto-sync would.
	 * @return the application with the sync operation set
	 */
	Mono<Application> sync(String actor, String service, EnvironmentView environment) {
		return Mono.defer(() -> syncNow(actor, service, environment));
	}

	private Mono<Application> syncNow(String actor, String service, EnvironmentView environment) {
		ArgoCdView target = target(environment);
		return this.argoCd.client()
			.sync(target.application(), target.namespace(), SyncRequest.toTargetRevision(target.project()))
			.flatMap((application) -> publish(new ApplicationSyncRequested(actor, service, environment.name(),
					application.name(), operationRevision(application)))
				.thenReturn(application));
	}

	static ArgoCdView target(EnvironmentView environment) {
		ArgoCdView view = environment.argoCd();
		if (view == null) {
			throw new ArgoCdException.NotConfigured();
		}
		return view;
	}

	static String operationRevision(Application application) {
		if (application.operation() != null && application.operation().sync() != null
				&& application.operation().sync().revision() != null) {
			return application.operation().sync().revision();
		}
		return revisionOf(application);
	}

	static String revisionOf(Application application) {
		if (application.status() != null && application.status().sync() != null
				&& application.status().sync().revision() != null) {
			return application.status().sync().revision();
		}
		return "";
	}

	// the audit log records in the publisher's thread with blocking JDBC: never on the event loop
	private Mono<Void> publish(AuditableEvent event) {
		return Mono.fromRunnable(() -> this.events.publishEvent(event)).subscribeOn(Schedulers.boundedElastic()).then();
	}

}
