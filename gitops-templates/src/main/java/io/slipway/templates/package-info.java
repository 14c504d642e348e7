/**
 * Template packs: plain YAML templates a platform team can edit, rendered into the files onboarding
 * writes to the infra repository (Kustomize base and overlays, Argo CD Applications, a render record),
 * and the checks those files must pass.
 *
 * <p>Entry points: {@link io.slipway.templates.TemplatePacks} loads and lists packs,
 * {@link io.slipway.templates.TemplatePack#render(java.util.Map)} renders one service,
 * {@link io.slipway.templates.ManifestChecks#run(java.util.Map, java.util.List)} checks the result, and
 * {@link io.slipway.templates.RenderRecord} reads back what an earlier render used. Rendering happens
 * on parsed YAML node trees, never on text, so no value can add a key, a document or a resource.
 * Plain Java and SnakeYAML, no Spring: the backend's onboarding module wraps it.
 */
package io.slipway.templates;
