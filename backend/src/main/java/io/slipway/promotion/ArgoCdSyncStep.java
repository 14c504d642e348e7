package io.slipway.promotion;

import io.slipway.argocd.Application;
import io.slipway.argocd.ArgoCdClient;
import io.slipway.argocd.ArgoCdException;
import io.slipway.argocd.Refresh;
import io.slipway.argocd.SyncRequest;
import io.slipway.platform.Environment;
import io.slipway.platform.Environments;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@code argocd-sync}: asks Argo CD to compare the target application with Git again, so the merge
 * is seen now rather than at the next poll; when the application does not sync automatically,
 * starts a sync to its target revision. An operation already running is fine: it will pick the
 * merge up.
 */
@Component
class ArgoCdSyncStep implements PromotionStepRunner {

	private final ArgoCdAccess argoCd;

	private final Environments environments;

	ArgoCdSyncStep(ArgoCdAccess argoCd, Environments environments) {
		this.argoCd = argoCd;
		this.environments = environments;
	}

	@Override
	public PromotionStepKind kind() {
		return PromotionStepKind.ARGOCD_SYNC;
	}

	@Override
	public Mono<StepResult> run(PromotionRepository.Row row) {
		Environment target = this.environments.find(row.target()).orElseThrow();
		String name = target.applicationName(row.service());
		String project = target.argoCdProject();
		ArgoCdClient client;
		try {
			client = this.argoCd.client();
		}
		catch (ArgoCdException ex) {
			return Mono.just(new StepResult.Errored(ex.getMessage()));
		}
		// an application outside Argo CD's own namespace is only found when asked for there
		String namespace = this.argoCd.find(name).map((app) -> app.metadata().namespace()).orElse(null);
		return client.refresh(name, namespace, project, Refresh.NORMAL).flatMap((app) -> {
			if (automated(app) || app.isBusy()) {
				return Mono.just((StepResult) new StepResult.Done("refreshed " + name + "; Argo CD syncs it"
						+ (automated(app) ? " automatically" : " (an operation is running)")));
			}
			return client.sync(name, namespace, SyncRequest.toTargetRevision(project))
				.map((synced) -> (StepResult) new StepResult.Done("refreshed " + name + " and started a sync"))
				.onErrorResume(ArgoCdException.Rejected.class, (ex) -> Mono
					.just(new StepResult.Done("refreshed " + name + "; Argo CD refused a sync: " + ex.argoCdMessage())));
		}).onErrorResume(ArgoCdException.class, (ex) -> Mono.just(new StepResult.Errored(
				"error asking Argo CD to refresh " + name + ": " + ex.getMessage())));
	}

	private static boolean automated(Application app) {
		return app.spec() != null && app.spec().isAutomatedSyncEnabled();
	}

}
