package io.slipway.templates;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.slipway.templates.Check.Status;
import io.slipway.templates.KustomizeModel.Build;
import io.slipway.templates.KustomizeModel.BuiltObject;
import io.slipway.templates.KustomizeModel.Patch;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Verifies rendered files against the platform's rules, structurally, whatever pack wrote them: the
 * onboarding preview shows the result, and a FAIL keeps a service from being written.
 *
 * <p>The checks read the files (never the templates) plus the values tree they were rendered from,
 * which says what each environment should get. Environments are matched to their overlays through
 * their Argo CD Application {@code <svc>-<env>} and its source path, so a pack may name its overlay
 * folders as it likes. Rules, in the order they are reported:
 * <ul>
 * <li>{@code yaml}: every YAML file parses;</li>
 * <li>{@code kustomize}: every resource and patch a kustomization references exists, and every patch
 * targets an object (kind and name) its resources define;</li>
 * <li>{@code labels}: every resource and pod template carries {@code app},
 * {@code app.kubernetes.io/name}, {@code app.kubernetes.io/part-of} and
 * {@code app.kubernetes.io/component} with the service's values;</li>
 * <li>{@code labels.version}: each overlay labels its objects {@code app.kubernetes.io/version} =
 * the environment's image tag (WARN when absent);</li>
 * <li>{@code names}: object names are DNS-1123 names (Services DNS-1035 labels), label values are
 * valid label values;</li>
 * <li>{@code template-pack}: every resource names its pack and version, and a render record exists;</li>
 * <li>{@code probes}: liveness and readiness probes, HTTP paths when there is an HTTP port, gRPC when
 * there is only gRPC;</li>
 * <li>{@code metrics}: Prometheus scrape annotations on the pod template when a metrics port exists;</li>
 * <li>{@code resources} and {@code replicas}: per environment, as the values say;</li>
 * <li>{@code hpa}: {@code <svc>-hpa} scales the Deployment within the values' bounds;</li>
 * <li>{@code network-policy}: {@code <svc>-network-policy} selects the pods, lets the ingress
 * namespace in, lets out DNS (UDP and TCP 53) and 5432/6379 to the database namespace per
 * dependency;</li>
 * <li>{@code secrets}: secret env only as {@code secretKeyRef}, no Secret objects in Git;</li>
 * <li>{@code database}: {@code DATABASE_HOST} is PgBouncer, {@code REDIS_HOST} is Redis, per
 * dependency;</li>
 * <li>{@code env}: env var names are unique and the spec's plain env is present;</li>
 * <li>{@code overlay}: each overlay sets the namespace and the image (name matching the base's image,
 * newName, newTag), and its patches change only what differs from the base;</li>
 * <li>{@code image.tag}: production never runs {@code latest};</li>
 * <li>{@code argocd}: Application {@code <svc>-<env>} in the Argo CD namespace and the environment's
 * project, source repo, revision and overlay path, destination namespace, automated sync with prune
 * and selfHeal, {@code CreateNamespace=true}, the resources finalizer;</li>
 * <li>{@code tilt} (only for {@code packages/<svc>} layouts): Tilt can discover the service.</li>
 * </ul>
 */
public final class ManifestChecks {

	private static final List<String> RULES = List.of("yaml", "kustomize", "labels", "labels.version", "names",
			"template-pack", "probes", "metrics", "resources", "replicas", "hpa", "network-policy", "secrets",
			"database", "env", "overlay", "image.tag", "argocd", "tilt");

	private static final List<String> REQUIRED_LABELS = List.of("app", "app.kubernetes.io/name",
			"app.kubernetes.io/part-of", "app.kubernetes.io/component");

	private static final String VERSION_LABEL = "app.kubernetes.io/version";

	private static final String PACK_ANNOTATION = "slipway.io/template-pack";

	private static final String FINALIZER = "resources-finalizer.argocd.argoproj.io";

	private static final Pattern DNS_1123_SUBDOMAIN = Pattern
		.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

	private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

	private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

	private final Map<String, Object> values;

	private final List<RenderedFile> files;

	private final Map<String, List<Check>> findings = new LinkedHashMap<>();

	private final Map<String, String> passes = new LinkedHashMap<>();

	private final Map<String, List<Map<String, Object>>> documents = new LinkedHashMap<>();

	private ManifestChecks(Map<String, Object> values, List<RenderedFile> files) {
		this.values = values;
		this.files = files;
	}

	/**
	 * Runs every rule.
	 * @param values the values tree the files were rendered from
	 * @param files the rendered files
	 * @return one PASS per rule that holds, one FAIL or WARN per problem, in rule order
	 */
	public static List<Check> run(Map<String, Object> values, List<RenderedFile> files) {
		return new ManifestChecks(values, files).runAll();
	}

	private List<Check> runAll() {
		parse();
		Context context = new Context();
		for (String rule : RULES) {
			try {
				switch (rule) {
					case "kustomize" -> kustomize(context);
					case "labels" -> labels(context);
					case "labels.version" -> versionLabels(context);
					case "names" -> names(context);
					case "template-pack" -> templatePack(context);
					case "probes" -> probes(context);
					case "metrics" -> metrics(context);
					case "resources" -> resources(context);
					case "replicas" -> replicas(context);
					case "hpa" -> hpa(context);
					case "network-policy" -> networkPolicy(context);
					case "secrets" -> secrets(context);
					case "database" -> database(context);
					case "env" -> env(context);
					case "overlay" -> overlay(context);
					case "image.tag" -> imageTag(context);
					case "argocd" -> argocd(context);
					case "tilt" -> tilt(context);
					default -> {
					}
				}
			}
			catch (RuntimeException ex) {
				fail(rule, "the check could not run: " + ex);
			}
		}
		List<Check> checks = new ArrayList<>();
		for (String rule : RULES) {
			List<Check> problems = this.findings.getOrDefault(rule, List.of());
			if (!problems.isEmpty()) {
				checks.addAll(problems);
			}
			else if (this.passes.containsKey(rule)) {
				checks.add(new Check(rule, Status.PASS, this.passes.get(rule)));
			}
		}
		return List.copyOf(checks);
	}

	private void fail(String rule, String message) {
		this.findings.computeIfAbsent(rule, key -> new ArrayList<>()).add(new Check(rule, Status.FAIL, message));
	}

	private void warn(String rule, String message) {
		this.findings.computeIfAbsent(rule, key -> new ArrayList<>()).add(new Check(rule, Status.WARN, message));
	}

	private void pass(String rule, String message) {
		this.passes.put(rule, message);
	}

	private void parse() {
		int yamlFiles = 0;
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		for (RenderedFile file : this.files) {
			if (!file.path().endsWith(".yaml") && !file.path().endsWith(".yml")) {
				continue;
			}
			yamlFiles++;
			List<Map<String, Object>> parsed = new ArrayList<>();
			try {
				for (Object document : yaml.loadAll(file.content())) {
					if (document instanceof Map) {
						parsed.add(Trees.map(document));
					}
					else if (document != null) {
						fail("yaml", file.path() + ": a document is not a mapping");
					}
				}
			}
			catch (YAMLException ex) {
				fail("yaml", file.path() + ": not valid YAML (" + firstLine(ex.getMessage()) + ")");
				continue;
			}
			this.documents.put(file.path(), parsed);
		}
		pass("yaml", yamlFiles + " YAML files parse");
	}

	/** What several rules share: the service, its resources, its environments and their overlays. */
	private final class Context {

		final Map<String, Object> service = Trees.map(ManifestChecks.this.values.get("service"));

		final Map<String, Object> platform = Trees.map(ManifestChecks.this.values.get("platform"));

		final String name = Objects.requireNonNullElse(Trees.text(this.service.get("name")), "");

		final KustomizeModel model = new KustomizeModel(ManifestChecks.this.documents);

		final Set<String> patchFiles = this.model.patchFiles();

		/** Every Kubernetes object in the files except kustomizations, patches and render records. */
		final List<BuiltObject> resources = new ArrayList<>();

		final List<Environment> environments = new ArrayList<>();

		final List<Build> builds = new ArrayList<>();

		Context() {
			ManifestChecks.this.documents.forEach((path, docs) -> {
				if (KustomizeModel.isKustomizationPath(path) || this.patchFiles.contains(path)) {
					return;
				}
				for (Map<String, Object> doc : docs) {
					String kind = Trees.text(doc.get("kind"));
					String apiVersion = Trees.text(doc.get("apiVersion"));
					if (kind == null || apiVersion == null || apiVersion.startsWith("slipway.io/")
							|| kind.equals("Kustomization")) {
						continue;
					}
					String objectName = Objects.requireNonNullElse(Trees.text(Trees.at(doc, "metadata", "name")), "");
					this.resources.add(new BuiltObject(kind, objectName, doc, path));
				}
			});
			for (String path : ManifestChecks.this.documents.keySet()) {
				if (KustomizeModel.isKustomizationPath(path)) {
					this.builds.add(this.model.build(KustomizeModel.parent(path)));
				}
			}
			for (Map<String, Object> environment : Trees.maps(ManifestChecks.this.values.get("environments"))) {
				this.environments.add(new Environment(environment));
			}
		}

		BuiltObject resource(String kind, String objectName) {
			for (BuiltObject object : this.resources) {
				if (object.kind().equals(kind) && object.name().equals(objectName)) {
					return object;
				}
			}
			return null;
		}

		BuiltObject deployment() {
			return resource("Deployment", this.name);
		}

		/** One environment with its Application and the overlay that Application points at. */
		final class Environment {

			final Map<String, Object> values;

			final String name;

			final BuiltObject application;

			final String overlay;

			final Build build;

			Environment(Map<String, Object> values) {
				this.values = values;
				this.name = Objects.requireNonNullElse(Trees.text(values.get("name")), "");
				this.application = resource("Application", Context.this.name + "-" + this.name);
				String path = this.application == null ? null
						: Trees.text(Trees.at(this.application.tree(), "spec", "source", "path"));
				this.overlay = path == null ? null : KustomizeModel.resolve("", path);
				this.build = this.overlay == null || Context.this.model.kustomizationFile(this.overlay) == null ? null
						: Context.this.model.build(this.overlay);
			}

			String describe() {
				return "environment " + this.name;
			}

			BuiltObject builtDeployment() {
				if (this.build == null) {
					return null;
				}
				for (BuiltObject object : this.build.objects()) {
					if (object.kind().equals("Deployment") && object.name().equals(Context.this.name)) {
						return object;
					}
				}
				return null;
			}

			/** Reports a missing overlay once per rule and tells the caller to skip. */
			boolean missing(String rule) {
				if (this.build == null) {
					fail(rule, describe() + ": no overlay found (no Application " + Context.this.name + "-" + this.name
							+ " pointing at a kustomization)");
					return true;
				}
				if (builtDeployment() == null) {
					fail(rule, describe() + ": overlay " + this.overlay + " builds no Deployment " + Context.this.name);
					return true;
				}
				return false;
			}

		}

	}

	private void kustomize(Context context) {
		Set<String> seen = new HashSet<>();
		for (Build build : context.builds) {
			for (String problem : build.problems()) {
				if (seen.add(problem)) {
					fail("kustomize", problem);
				}
			}
		}
		pass("kustomize", context.builds.size() + " kustomizations reference only existing resources and patches,"
				+ " and every patch targets an object their resources define");
	}

	private void labels(Context context) {
		String partOf = Trees.text(context.platform.get("partOf"));
		String component = Trees.text(context.service.get("component"));
		for (BuiltObject object : context.resources) {
			checkLabels(object.source() + ": " + object.describe(), Trees.map(Trees.at(object.tree(), "metadata", "labels")),
					context.name, partOf, component);
			if (Trees.at(object.tree(), "spec", "template") instanceof Map) {
				checkLabels(object.source() + ": the pod template of " + object.describe(),
						Trees.map(Trees.at(object.tree(), "spec", "template", "metadata", "labels")), context.name,
						partOf, component);
			}
		}
		pass("labels", context.resources.size() + " resources carry app, app.kubernetes.io/name, part-of and component");
	}

	private void checkLabels(String subject, Map<String, Object> labels, String name, String partOf,
			String component) {
		for (String label : REQUIRED_LABELS) {
			if (Trees.text(labels.get(label)) == null) {
				fail("labels", subject + " lacks the label " + label);
			}
		}
		expectLabel(subject, labels, "app", name);
		expectLabel(subject, labels, "app.kubernetes.io/name", name);
		expectLabel(subject, labels, "app.kubernetes.io/part-of", partOf);
		expectLabel(subject, labels, "app.kubernetes.io/component", component);
	}

	private void expectLabel(String subject, Map<String, Object> labels, String label, String expected) {
		String actual = Trees.text(labels.get(label));
		if (actual != null && expected != null && !actual.equals(expected)) {
			fail("labels", subject + " has " + label + "=" + actual + ", expected " + expected);
		}
	}

	private void versionLabels(Context context) {
		for (Context.Environment environment : context.environments) {
			if (environment.build == null) {
				continue;
			}
			String tag = Trees.text(environment.values.get("imageTag"));
			int labelled = 0;
			for (BuiltObject object : environment.build.objects()) {
				String version = Trees.text(Trees.at(object.tree(), "metadata", "labels", VERSION_LABEL));
				if (version == null) {
					continue;
				}
				labelled++;
				if (tag != null && !version.equals(tag)) {
					fail("labels.version", environment.describe() + ": " + object.describe() + " has " + VERSION_LABEL
							+ "=" + version + " but the overlay runs " + tag);
				}
			}
			if (labelled < environment.build.objects().size()) {
				warn("labels.version", environment.describe() + ": overlay " + environment.overlay + " leaves "
						+ (environment.build.objects().size() - labelled) + " objects without " + VERSION_LABEL);
			}
		}
		pass("labels.version", "every overlay labels its objects with the version it runs");
	}

	private void names(Context context) {
		for (BuiltObject object : context.resources) {
			String subject = object.source() + ": " + object.describe();
			if (object.kind().equals("Service")) {
				if (!DNS_1035_LABEL.matcher(object.name()).matches() || object.name().length() > 63) {
					fail("names", subject + ": a Service name must be a DNS-1035 label of at most 63 characters");
				}
			}
			else if (!DNS_1123_SUBDOMAIN.matcher(object.name()).matches() || object.name().length() > 253) {
				fail("names", subject + ": the name must be a DNS-1123 subdomain");
			}
			for (Map.Entry<String, Object> label : Trees.map(Trees.at(object.tree(), "metadata", "labels")).entrySet()) {
				String value = Trees.text(label.getValue());
				if (value == null || value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
					fail("names", subject + ": the label " + label.getKey() + " has a value Kubernetes refuses");
				}
			}
		}
		pass("names", "object names and label values are valid Kubernetes names");
	}

	private void templatePack(Context context) {
		String expected = null;
		for (List<Map<String, Object>> docs : this.documents.values()) {
			for (Map<String, Object> doc : docs) {
				if ("RenderRecord".equals(doc.get("kind"))) {
					expected = Trees.text(Trees.at(doc, "pack", "name")) + "@"
							+ Trees.text(Trees.at(doc, "pack", "version"));
				}
			}
		}
		if (expected == null) {
			fail("template-pack", "no render record (kind RenderRecord): an upgrade could not find this service");
		}
		for (BuiltObject object : context.resources) {
			String annotation = Trees.text(Trees.at(object.tree(), "metadata", "annotations", PACK_ANNOTATION));
			if (annotation == null) {
				fail("template-pack", object.source() + ": " + object.describe() + " lacks the annotation "
						+ PACK_ANNOTATION);
			}
			else if (expected != null && !annotation.equals(expected)) {
				fail("template-pack", object.source() + ": " + object.describe() + " says " + annotation
						+ " but the record says " + expected);
			}
		}
		pass("template-pack", "every resource names its template pack (" + expected + ") and a render record exists");
	}

	private void probes(Context context) {
		BuiltObject deployment = context.deployment();
		if (deployment == null) {
			fail("probes", "no Deployment " + context.name + " among the resources");
			return;
		}
		boolean http = Trees.at(context.service, "ports", "http") != null;
		Object grpcPort = Trees.at(context.service, "ports", "grpc");
		for (Map<String, Object> container : Trees.maps(Trees.at(deployment.tree(), "spec", "template", "spec", "containers"))) {
			String subject = deployment.source() + ": container " + Trees.text(container.get("name"));
			checkProbe(subject, "livenessProbe", Trees.map(container.get("livenessProbe")), http, grpcPort,
					Trees.text(context.service.get("healthPath")));
			checkProbe(subject, "readinessProbe", Trees.map(container.get("readinessProbe")), http, grpcPort,
					Trees.text(context.service.get("readyPath")));
		}
		pass("probes", "liveness and readiness probes on every container ("
				+ (http ? "HTTP" : grpcPort != null ? "gRPC" : "as declared") + ")");
	}

	private void checkProbe(String subject, String probe, Map<String, Object> spec, boolean http, Object grpcPort,
			String path) {
		if (spec.isEmpty()) {
			fail("probes", subject + " has no " + probe);
			return;
		}
		if (http) {
			Map<String, Object> get = Trees.map(spec.get("httpGet"));
			String actual = Trees.text(get.get("path"));
			if (get.isEmpty() || actual == null || !actual.startsWith("/") || get.get("port") == null) {
				fail("probes", subject + ": " + probe + " must be an HTTP GET with a path and a port");
			}
			else if (path != null && !actual.equals(path)) {
				fail("probes", subject + ": " + probe + " checks " + actual + ", the spec says " + path);
			}
		}
		else if (grpcPort != null) {
			Object port = Trees.at(spec, "grpc", "port");
			if (port == null || !Objects.equals(Trees.text(port), Trees.text(grpcPort))) {
				fail("probes", subject + ": " + probe + " must be a gRPC probe on port " + Trees.text(grpcPort));
			}
		}
		else if (spec.get("httpGet") == null && spec.get("grpc") == null && spec.get("tcpSocket") == null
				&& spec.get("exec") == null) {
			fail("probes", subject + ": " + probe + " has no handler");
		}
	}

	private void metrics(Context context) {
		Object port = Trees.at(context.service, "ports", "metrics");
		BuiltObject deployment = context.deployment();
		if (deployment == null) {
			fail("metrics", "no Deployment " + context.name + " among the resources");
			return;
		}
		if (port == null) {
			pass("metrics", "no metrics port, so no scrape annotations");
			return;
		}
		Map<String, Object> annotations = Trees.map(Trees.at(deployment.tree(), "spec", "template", "metadata", "annotations"));
		String subject = deployment.source() + ": the pod template";
		if (!"true".equals(annotations.get("prometheus.io/scrape"))) {
			fail("metrics", subject + " lacks prometheus.io/scrape: \"true\"");
		}
		if (!Trees.text(port).equals(annotations.get("prometheus.io/port"))) {
			fail("metrics", subject + " must carry prometheus.io/port: \"" + Trees.text(port) + "\" (as text)");
		}
		if (!(annotations.get("prometheus.io/path") instanceof String path) || !path.startsWith("/")) {
			fail("metrics", subject + " lacks prometheus.io/path");
		}
		pass("metrics", "the pod template carries the Prometheus scrape annotations for port " + Trees.text(port));
	}

	private void resources(Context context) {
		for (Context.Environment environment : context.environments) {
			if (environment.missing("resources")) {
				continue;
			}
			Map<String, Object> container = mainContainer(environment.builtDeployment(), context.name);
			for (String bound : List.of("requests", "limits")) {
				for (String resource : List.of("cpu", "memory")) {
					String actual = Trees.text(Trees.at(container, "resources", bound, resource));
					String expected = Trees.text(Trees.at(environment.values, "resources", bound, resource));
					if (actual == null) {
						fail("resources", environment.describe() + ": the container has no " + bound + "." + resource);
					}
					else if (expected != null && !actual.equals(expected)) {
						fail("resources", environment.describe() + ": " + bound + "." + resource + " is " + actual
								+ ", the spec says " + expected);
					}
				}
			}
		}
		pass("resources", "requests and limits set per environment as specified");
	}

	private void replicas(Context context) {
		for (Context.Environment environment : context.environments) {
			if (environment.missing("replicas")) {
				continue;
			}
			Object replicas = Trees.at(environment.builtDeployment().tree(), "spec", "replicas");
			String actual = Trees.text(replicas);
			String expected = Trees.text(environment.values.get("replicas"));
			if (actual == null) {
				fail("replicas", environment.describe() + ": the overlay sets no replicas");
			}
			else if (!Scope.isIntegral(replicas)) {
				fail("replicas", environment.describe() + ": replicas must be a whole number, not text");
			}
			else if (expected != null && !actual.equals(expected)) {
				fail("replicas", environment.describe() + ": replicas is " + actual + ", the spec says " + expected);
			}
		}
		pass("replicas", "replicas set per environment as specified");
	}

	private void hpa(Context context) {
		String name = context.name + "-hpa";
		BuiltObject hpa = context.resource("HorizontalPodAutoscaler", name);
		if (hpa == null) {
			fail("hpa", "no HorizontalPodAutoscaler " + name);
			return;
		}
		String subject = hpa.source() + ": " + hpa.describe();
		Map<String, Object> spec = Trees.map(hpa.tree().get("spec"));
		if (!"Deployment".equals(Trees.at(spec, "scaleTargetRef", "kind"))
				|| !context.name.equals(Trees.at(spec, "scaleTargetRef", "name"))) {
			fail("hpa", subject + " must scale Deployment " + context.name);
		}
		Map<String, Object> expected = Trees.map(context.service.get("hpa"));
		for (String field : List.of("minReplicas", "maxReplicas")) {
			if (!Scope.isIntegral(spec.get(field))) {
				fail("hpa", subject + ": " + field + " must be a whole number");
			}
		}
		expectEqual("hpa", subject, "minReplicas", spec.get("minReplicas"), expected.get("min"));
		expectEqual("hpa", subject, "maxReplicas", spec.get("maxReplicas"), expected.get("max"));
		if (spec.get("minReplicas") instanceof Number min && spec.get("maxReplicas") instanceof Number max
				&& min.longValue() > max.longValue()) {
			fail("hpa", subject + ": minReplicas exceeds maxReplicas");
		}
		for (String resource : List.of("cpu", "memory")) {
			Object target = null;
			for (Map<String, Object> metric : Trees.maps(spec.get("metrics"))) {
				if (resource.equals(Trees.at(metric, "resource", "name"))) {
					target = Trees.at(metric, "resource", "target", "averageUtilization");
				}
			}
			if (target == null && expected.get(resource) != null) {
				fail("hpa", subject + " has no " + resource + " utilization target");
			}
			else {
				expectEqual("hpa", subject, resource + " averageUtilization", target, expected.get(resource));
			}
		}
		pass("hpa", name + " scales Deployment " + context.name + " as specified");
	}

	private void expectEqual(String rule, String subject, String field, Object actual, Object expected) {
		if (expected != null && !Objects.equals(Trees.text(actual), Trees.text(expected))) {
			fail(rule, subject + ": " + field + " is " + Trees.text(actual) + ", the spec says " + Trees.text(expected));
		}
	}

	private void networkPolicy(Context context) {
		String name = context.name + "-network-policy";
		BuiltObject policy = context.resource("NetworkPolicy", name);
		if (policy == null) {
			fail("network-policy", "no NetworkPolicy " + name);
			return;
		}
		String subject = policy.source() + ": " + policy.describe();
		Map<String, Object> spec = Trees.map(policy.tree().get("spec"));
		if (!context.name.equals(Trees.at(spec, "podSelector", "matchLabels", "app"))) {
			fail("network-policy", subject + " must select app=" + context.name);
		}
		List<Object> types = Trees.list(spec.get("policyTypes"));
		if (!types.contains("Ingress") || !types.contains("Egress")) {
			fail("network-policy", subject + " must list policyTypes Ingress and Egress");
		}
		String ingressNamespace = Trees.text(context.platform.get("ingressNamespace"));
		if (ingressNamespace != null && !admits(Trees.maps(spec.get("ingress")), "from", ingressNamespace)) {
			fail("network-policy", subject + " must let in traffic from namespace " + ingressNamespace);
		}
		List<Map<String, Object>> egress = Trees.maps(spec.get("egress"));
		String database = Trees.text(context.platform.get("databaseNamespace"));
		if (Scope.truthy(context.service.get("postgres")) && !allows(egress, database, "TCP", 5432)) {
			fail("network-policy", subject + " must let out TCP 5432 (PgBouncer) to namespace " + database);
		}
		if (Scope.truthy(context.service.get("redis")) && !allows(egress, database, "TCP", 6379)) {
			fail("network-policy", subject + " must let out TCP 6379 (Redis) to namespace " + database);
		}
		if (!allows(egress, null, "UDP", 53) || !allows(egress, null, "TCP", 53)) {
			fail("network-policy", subject + " must let out DNS (UDP and TCP 53)");
		}
		pass("network-policy", name + " admits the ingress namespace and lets out DNS and the declared dependencies");
	}

	/** Whether a peer list in any rule selects the namespace, by its metadata.name label or a name label. */
	private static boolean admits(List<Map<String, Object>> rules, String direction, String namespace) {
		for (Map<String, Object> rule : rules) {
			if (selects(rule, direction, namespace)) {
				return true;
			}
		}
		return false;
	}

	private static boolean selects(Map<String, Object> rule, String direction, String namespace) {
		for (Map<String, Object> peer : Trees.maps(rule.get(direction))) {
			Map<String, Object> labels = Trees.map(Trees.at(peer, "namespaceSelector", "matchLabels"));
			if (namespace.equals(labels.get("kubernetes.io/metadata.name")) || namespace.equals(labels.get("name"))) {
				return true;
			}
		}
		return false;
	}

	private static boolean allows(List<Map<String, Object>> rules, String namespace, String protocol, int port) {
		for (Map<String, Object> rule : rules) {
			if (namespace != null && !selects(rule, "to", namespace)) {
				continue;
			}
			for (Map<String, Object> allowed : Trees.maps(rule.get("ports"))) {
				String ruleProtocol = Objects.requireNonNullElse(Trees.text(allowed.get("protocol")), "TCP");
				if (ruleProtocol.equals(protocol) && String.valueOf(port).equals(Trees.text(allowed.get("port")))) {
					return true;
				}
			}
		}
		return false;
	}

	private void secrets(Context context) {
		for (BuiltObject object : context.resources) {
			if (object.kind().equals("Secret")) {
				fail("secrets", object.source() + ": " + object.describe()
						+ " would put a secret in Git; create it in the cluster and reference it");
			}
		}
		BuiltObject deployment = context.deployment();
		Map<String, Object> container = deployment == null ? Map.of() : mainContainer(deployment, context.name);
		List<Map<String, Object>> env = Trees.maps(container.get("env"));
		for (Map<String, Object> secret : Trees.maps(context.service.get("secretEnv"))) {
			String name = Trees.text(secret.get("name"));
			Map<String, Object> variable = findByName(env, name);
			String subject = (deployment == null ? "" : deployment.source() + ": ") + "env " + name;
			if (variable == null) {
				fail("secrets", subject + " is missing");
				continue;
			}
			if (variable.containsKey("value")) {
				fail("secrets", subject + " has a plain value; secret env must come from secretKeyRef");
			}
			Map<String, Object> reference = Trees.map(Trees.at(variable, "valueFrom", "secretKeyRef"));
			if (!Objects.equals(reference.get("name"), secret.get("secret"))
					|| !Objects.equals(reference.get("key"), secret.get("key"))) {
				fail("secrets", subject + " must use secretKeyRef to the secret and key the spec names");
			}
		}
		pass("secrets", "secret env comes only from secretKeyRef and no Secret is written to Git");
	}

	private void database(Context context) {
		boolean postgres = Scope.truthy(context.service.get("postgres"));
		boolean redis = Scope.truthy(context.service.get("redis"));
		BuiltObject deployment = context.deployment();
		if (deployment == null) {
			if (postgres || redis) {
				fail("database", "no Deployment " + context.name + " among the resources");
			}
			return;
		}
		List<Map<String, Object>> env = Trees.maps(mainContainer(deployment, context.name).get("env"));
		String subject = deployment.source() + ": ";
		if (postgres) {
			expectEnv(subject, env, "DATABASE_HOST", Trees.text(context.platform.get("pgbouncerHost")),
					"services reach PostgreSQL through PgBouncer");
			expectEnv(subject, env, "DATABASE_PORT", "5432", "PgBouncer listens on 5432");
		}
		if (redis) {
			expectEnv(subject, env, "REDIS_HOST", Trees.text(context.platform.get("redisHost")), "the platform's Redis");
		}
		pass("database", postgres || redis ? "database dependencies are reached through PgBouncer and Redis"
				: "no database dependencies");
	}

	private void expectEnv(String subject, List<Map<String, Object>> env, String name, String expected, String why) {
		Map<String, Object> variable = findByName(env, name);
		String actual = variable == null ? null : Trees.text(variable.get("value"));
		if (actual == null) {
			fail("database", subject + name + " is not set (" + why + ")");
		}
		else if (expected != null && !actual.equals(expected)) {
			fail("database", subject + name + " is " + actual + ", expected " + expected + " (" + why + ")");
		}
	}

	private void env(Context context) {
		BuiltObject deployment = context.deployment();
		if (deployment == null) {
			return;
		}
		for (Map<String, Object> container : KustomizeModel.containers(deployment.tree())) {
			Set<String> names = new HashSet<>();
			for (Map<String, Object> variable : Trees.maps(container.get("env"))) {
				String name = Trees.text(variable.get("name"));
				if (name != null && !names.add(name)) {
					fail("env", deployment.source() + ": container " + container.get("name") + " sets " + name
							+ " twice");
				}
			}
		}
		List<Map<String, Object>> env = Trees.maps(mainContainer(deployment, context.name).get("env"));
		for (Map<String, Object> expected : Trees.maps(context.service.get("env"))) {
			Map<String, Object> variable = findByName(env, Trees.text(expected.get("name")));
			if (variable == null || !Objects.equals(Trees.text(variable.get("value")), Trees.text(expected.get("value")))) {
				fail("env", deployment.source() + ": env " + expected.get("name") + " is missing or differs from the spec");
			}
		}
		pass("env", "env names are unique and the spec's env is set");
	}

	private void overlay(Context context) {
		String image = Trees.text(context.service.get("image"));
		for (Context.Environment environment : context.environments) {
			if (environment.missing("overlay")) {
				continue;
			}
			String subject = environment.describe() + ": overlay " + environment.overlay;
			String namespace = Trees.text(environment.values.get("namespace"));
			String actualNamespace = Trees.text(environment.build.kustomization().get("namespace"));
			if (actualNamespace == null || (namespace != null && !actualNamespace.equals(namespace))) {
				fail("overlay", subject + " must set namespace " + namespace);
			}
			checkImages(context, environment, subject, image);
			checkMinimalPatches(environment, subject);
		}
		pass("overlay", "overlays set namespace and image, and patch only what differs from the base");
	}

	private void checkImages(Context context, Context.Environment environment, String subject, String image) {
		String tag = Trees.text(environment.values.get("imageTag"));
		Set<String> baseImages = new HashSet<>();
		BuiltObject deployment = context.deployment();
		if (deployment != null) {
			for (Map<String, Object> container : KustomizeModel.containers(deployment.tree())) {
				if (Trees.text(container.get("image")) != null) {
					baseImages.add(KustomizeModel.imageName(Trees.text(container.get("image"))));
				}
			}
		}
		List<Map<String, Object>> images = Trees.maps(environment.build.kustomization().get("images"));
		Map<String, Object> entry = null;
		for (Map<String, Object> candidate : images) {
			if (baseImages.contains(Trees.text(candidate.get("name")))) {
				entry = candidate;
			}
		}
		if (entry == null) {
			fail("overlay", subject + " has no images entry whose name matches the base's image "
					+ String.join(", ", baseImages.stream().sorted().toList()));
			return;
		}
		if (image != null && !image.equals(Trees.text(entry.get("newName")))) {
			fail("overlay", subject + ": images newName must be " + image);
		}
		if (tag != null && !tag.equals(Trees.text(entry.get("newTag")))) {
			fail("overlay", subject + ": images newTag is " + Trees.text(entry.get("newTag")) + ", the spec says " + tag);
		}
		String built = Trees.text(mainContainer(environment.builtDeployment(), context.name).get("image"));
		if (image != null && tag != null && !(image + ":" + tag).equals(built)) {
			fail("overlay", subject + " builds image " + built + ", expected " + image + ":" + tag);
		}
	}

	/** A patch that repeats the base's value changes nothing: "patch only what differs". */
	private void checkMinimalPatches(Context.Environment environment, String subject) {
		for (Patch patch : environment.build.patches()) {
			List<String> repeated = new ArrayList<>();
			repeatedValues(patch.document(), patch.targetBefore(), "", repeated);
			for (String path : repeated) {
				fail("overlay", subject + ": " + patch.file() + " repeats the base's value at " + path);
			}
		}
	}

	private static void repeatedValues(Object patch, Object base, String path, List<String> out) {
		if (patch instanceof Map<?, ?> patchMap && base instanceof Map<?, ?> baseMap) {
			for (Map.Entry<?, ?> entry : patchMap.entrySet()) {
				String key = String.valueOf(entry.getKey());
				String child = path.isEmpty() ? key : path + "." + key;
				if (isIdentity(child) || key.equals("name") && path.endsWith("]")) {
					continue;
				}
				repeatedValues(entry.getValue(), baseMap.get(key), child, out);
			}
		}
		else if (KustomizeModel.isNamedList(patch) && KustomizeModel.isNamedList(base)) {
			for (Map<String, Object> item : Trees.maps(patch)) {
				Map<String, Object> existing = KustomizeModel.byName(Trees.list(base), item.get("name"));
				if (existing != null) {
					repeatedValues(item, existing, path + "[" + item.get("name") + "]", out);
				}
			}
		}
		else if (patch != null && !(patch instanceof Map) && Objects.equals(patch, base)) {
			out.add(path);
		}
	}

	private static boolean isIdentity(String path) {
		return path.equals("apiVersion") || path.equals("kind") || path.equals("metadata.name")
				|| path.equals("metadata.namespace");
	}

	private void imageTag(Context context) {
		for (Context.Environment environment : context.environments) {
			if (!Scope.truthy(environment.values.get("production"))) {
				continue;
			}
			String tag = Trees.text(environment.values.get("imageTag"));
			if (tag == null || tag.isBlank() || tag.equals("latest")) {
				fail("image.tag", environment.describe() + " is production and must name a specific tag, not "
						+ (tag == null || tag.isBlank() ? "none" : "latest"));
			}
			if (environment.build != null) {
				for (Map<String, Object> image : Trees.maps(environment.build.kustomization().get("images"))) {
					if ("latest".equals(Trees.text(image.get("newTag")))) {
						fail("image.tag", environment.describe() + ": overlay " + environment.overlay + " sets newTag latest");
					}
				}
			}
		}
		pass("image.tag", "production names a specific image tag");
	}

	private void argocd(Context context) {
		String argocdNamespace = Trees.text(context.platform.get("argocdNamespace"));
		for (Context.Environment environment : context.environments) {
			String name = context.name + "-" + environment.name;
			BuiltObject application = environment.application;
			if (application == null) {
				fail("argocd", "no Argo CD Application " + name);
				continue;
			}
			Map<String, Object> tree = application.tree();
			String subject = application.source() + ": Application " + name;
			String apiVersion = Trees.text(tree.get("apiVersion"));
			if (apiVersion == null || !apiVersion.startsWith("argoproj.io/")) {
				fail("argocd", subject + " must be an argoproj.io Application");
			}
			expectText(subject, "metadata.namespace", Trees.at(tree, "metadata", "namespace"), argocdNamespace);
			expectText(subject, "spec.project", Trees.at(tree, "spec", "project"), environment.values.get("argocdProject"));
			expectText(subject, "spec.source.repoURL", Trees.at(tree, "spec", "source", "repoURL"),
					context.platform.get("repoUrl"));
			expectText(subject, "spec.source.targetRevision", Trees.at(tree, "spec", "source", "targetRevision"),
					context.platform.get("targetRevision"));
			if (environment.build == null) {
				fail("argocd", subject + ": spec.source.path " + Trees.text(Trees.at(tree, "spec", "source", "path"))
						+ " is not an overlay among the files");
			}
			expectText(subject, "spec.destination.namespace", Trees.at(tree, "spec", "destination", "namespace"),
					environment.values.get("namespace"));
			if (Trees.at(tree, "spec", "destination", "server") == null
					&& Trees.at(tree, "spec", "destination", "name") == null) {
				fail("argocd", subject + " names no destination server or cluster");
			}
			if (!Boolean.TRUE.equals(Trees.at(tree, "spec", "syncPolicy", "automated", "prune"))
					|| !Boolean.TRUE.equals(Trees.at(tree, "spec", "syncPolicy", "automated", "selfHeal"))) {
				fail("argocd", subject + " must sync automatically with prune and selfHeal");
			}
			if (!Trees.list(Trees.at(tree, "spec", "syncPolicy", "syncOptions")).contains("CreateNamespace=true")) {
				fail("argocd", subject + " must sync with CreateNamespace=true");
			}
			if (!Trees.list(Trees.at(tree, "metadata", "finalizers")).contains(FINALIZER)) {
				fail("argocd", subject + " lacks the finalizer " + FINALIZER);
			}
		}
		pass("argocd", "one Application per environment, synced automatically from its overlay");
	}

	private void expectText(String subject, String field, Object actual, Object expected) {
		String text = Trees.text(actual);
		if (text == null || (expected != null && !text.equals(Trees.text(expected)))) {
			fail("argocd", subject + ": " + field + " is " + text
					+ (expected == null ? "" : ", expected " + Trees.text(expected)));
		}
	}

	private void tilt(Context context) {
		String root = "packages/" + context.name + "/";
		boolean packagesLayout = this.files.stream().anyMatch(file -> file.path().startsWith(root + "k8s/"));
		if (!packagesLayout) {
			return;
		}
		Set<String> paths = new HashSet<>();
		this.files.forEach(file -> paths.add(file.path()));
		if (!paths.contains(root + "Dockerfile")) {
			warn("tilt", "Tilt discovers a service by " + root
					+ "Dockerfile, which this render has none of (no language was given)");
		}
		if (!paths.contains(root + "k8s/overlays/dev/kustomization.yaml")) {
			warn("tilt", "Tilt discovers a service by " + root + "k8s/overlays/dev/kustomization.yaml, which is missing");
		}
		pass("tilt", "Tilt discovers the service (Dockerfile and k8s/overlays/dev)");
	}

	private static Map<String, Object> mainContainer(BuiltObject workload, String name) {
		List<Map<String, Object>> containers = Trees.maps(Trees.at(workload.tree(), "spec", "template", "spec", "containers"));
		for (Map<String, Object> container : containers) {
			if (name.equals(container.get("name"))) {
				return container;
			}
		}
		return containers.isEmpty() ? Map.of() : containers.get(0);
	}

	private static Map<String, Object> findByName(List<Map<String, Object>> items, String name) {
		for (Map<String, Object> item : items) {
			if (Objects.equals(Trees.text(item.get("name")), name)) {
				return item;
			}
		}
		return null;
	}

	private static String firstLine(String message) {
		return message == null ? "" : message.lines().findFirst().orElse("");
	}

}
