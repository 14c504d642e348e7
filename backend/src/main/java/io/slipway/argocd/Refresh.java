package io.slipway.argocd;

/**
 * The {@code refresh} of {@code GET /api/v1/applications/{name}}: a normal refresh compares with
 * Git again; a hard one also regenerates manifests without the repo-server cache.
 */
public enum Refresh {

	NORMAL, HARD

}
