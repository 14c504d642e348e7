package io.slipway.web;

/**
 * One configured environment as the overview lists it.
 *
 * @param name the environment name
 * @param namespace where its applications run
 * @param argoCdProject the Argo CD project its applications belong to
 * @param approvals approvals needed to promote into it
 * @param soakHours hours a release must have run in the previous environment first
 */
record EnvironmentRow(String name, String namespace, String argoCdProject, int approvals, long soakHours) {
}
