package io.slipway.argocd.fake;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource tree and managed resources of a plain Deployment + Service application, derived
 * from the Application's state the way controller/cache builds them (examples resource-tree.json
 * and managed-resources.json): the Deployment's health is the app's, the Pod runs the summary's
 * images.
 */
final class ResourceTrees {

	private ResourceTrees() {
	}

	static ObjectNode tree(ObjectNode app) {
		String appName = ApplicationStore.name(app);
		String workload = workload(app);
		String namespace = app.path("spec").path("destination").path("namespace").asString("default");
		String created = app.path("metadata").path("creationTimestamp").asString("2025-09-02T08:15:02Z");
		String version = app.path("metadata").path("resourceVersion").asString("1");
		String hash = ApplicationStore.uid(appName + images(app)).replace("-", "").substring(0, 10);
		String health = ApplicationStore.healthOf(app);
		String message = app.path("status").path("health").path("message").asString(null);

		ArrayNode nodes = GoJson.array();
		ObjectNode service = node(null, "v1", "Service", namespace, workload, appName);
		service.putObject("networkingInfo").putObject("targetLabels").put("app", workload);
		finish(service, version, "Healthy", null, created);
		nodes.add(service);

		ObjectNode deployment = node("apps", "v1", "Deployment", namespace, workload, appName);
		info(deployment, "Revision", "Rev:1");
		finish(deployment, version, health.isEmpty() ? "Healthy" : health, message, created);
		nodes.add(deployment);

		ObjectNode replicaSet = node("apps", "v1", "ReplicaSet", namespace, workload + "-" + hash, appName);
		parent(replicaSet, deployment);
		info(replicaSet, "Revision", "Rev:1");
		finish(replicaSet, version, "Healthy", null, created);
		nodes.add(replicaSet);

		ObjectNode slice = node("discovery.k8s.io", "v1", "EndpointSlice", namespace, workload + "-8xq2w", appName);
		parent(slice, service);
		slice.put("resourceVersion", version);
		slice.put("createdAt", created);
		nodes.add(slice);

		List<String> images = images(app);
		if (!images.isEmpty()) {
			ObjectNode pod = node(null, "v1", "Pod", namespace, workload + "-" + hash + "-x2k4p", appName);
			parent(pod, replicaSet);
			info(pod, "Status Reason", "Running");
			info(pod, "Node", "worker-1");
			info(pod, "Containers", "1/1");
			pod.putObject("networkingInfo").putObject("labels").put("app", workload).put("pod-template-hash", hash);
			pod.put("resourceVersion", version);
			ArrayNode list = pod.putArray("images");
			images.forEach(list::add);
			ObjectNode podHealth = pod.putObject("health");
			podHealth.put("status", "Degraded".equals(health) ? "Degraded" : "Healthy");
			pod.put("createdAt", created);
			nodes.add(pod);
		}
		ObjectNode tree = GoJson.object();
		tree.set("nodes", nodes);
		return tree;
	}

	static ObjectNode managedResources(ObjectNode app) {
		String appName = ApplicationStore.name(app);
		String workload = workload(app);
		String namespace = app.path("spec").path("destination").path("namespace").asString("default");
		String version = app.path("metadata").path("resourceVersion").asString("1");
		List<String> images = images(app);
		String image = images.isEmpty() ? "registry.example.com/" + workload + ":unknown" : images.get(0);

		ObjectNode labels = GoJson.object();
		labels.put("app", workload);
		labels.put("app.kubernetes.io/instance", appName);

		ObjectNode service = manifest("v1", "Service", workload, namespace, labels);
		ObjectNode serviceSpec = service.putObject("spec");
		ObjectNode port = serviceSpec.putArray("ports").addObject();
		port.put("name", "http");
		port.put("port", 80);
		port.put("targetPort", 8080);
		serviceSpec.putObject("selector").put("app", workload);

		ObjectNode deployment = manifest("apps/v1", "Deployment", workload, namespace, labels);
		ObjectNode deploymentSpec = deployment.putObject("spec");
		deploymentSpec.put("replicas", 1);
		deploymentSpec.putObject("selector").putObject("matchLabels").put("app", workload);
		ObjectNode template = deploymentSpec.putObject("template");
		template.putObject("metadata").putObject("labels").put("app", workload);
		ObjectNode container = template.putObject("spec").putArray("containers").addObject();
		container.put("image", image);
		container.put("name", workload);
		container.putArray("ports").addObject().put("containerPort", 8080);

		ArrayNode items = GoJson.array();
		items.add(managed(null, "Service", namespace, workload, service, version));
		items.add(managed("apps", "Deployment", namespace, workload, deployment, version));
		ObjectNode response = GoJson.object();
		response.set("items", items);
		return response;
	}

	/** The workload's name: the app's {@code service} label, else the app name. */
	static String workload(JsonNode app) {
		return app.path("metadata").path("labels").path("service").asString(ApplicationStore.name(app));
	}

	private static List<String> images(JsonNode app) {
		List<String> images = new ArrayList<>();
		for (JsonNode image : app.path("status").path("summary").path("images")) {
			images.add(image.asString());
		}
		return images;
	}

	private static ObjectNode node(String group, String version, String kind, String namespace, String name,
			String appName) {
		ObjectNode node = GoJson.object();
		if (group != null) {
			node.put("group", group);
		}
		node.put("version", version);
		node.put("kind", kind);
		node.put("namespace", namespace);
		node.put("name", name);
		node.put("uid", ApplicationStore.uid(appName + "/" + kind + "/" + name));
		return node;
	}

	private static void parent(ObjectNode child, ObjectNode parent) {
		ObjectNode ref = child.putArray("parentRefs").addObject();
		for (String key : List.of("group", "version", "kind", "namespace", "name", "uid")) {
			if (parent.has(key)) {
				ref.set(key, parent.get(key));
			}
		}
	}

	private static void info(ObjectNode node, String name, String value) {
		ArrayNode info = (node.get("info") instanceof ArrayNode existing) ? existing : node.putArray("info");
		ObjectNode item = info.addObject();
		item.put("name", name);
		item.put("value", value);
	}

	private static void finish(ObjectNode node, String version, String health, String message, String created) {
		node.put("resourceVersion", version);
		ObjectNode status = node.putObject("health");
		status.put("status", health);
		if (message != null && !message.isEmpty()) {
			status.put("message", message);
		}
		node.put("createdAt", created);
	}

	private static ObjectNode manifest(String apiVersion, String kind, String name, String namespace,
			ObjectNode labels) {
		ObjectNode manifest = GoJson.object();
		manifest.put("apiVersion", apiVersion);
		manifest.put("kind", kind);
		ObjectNode metadata = manifest.putObject("metadata");
		metadata.set("labels", labels.deepCopy());
		metadata.put("name", name);
		metadata.put("namespace", namespace);
		return manifest;
	}

	/** State documents travel as JSON strings (applicationManagedResourcesResponse). */
	private static ObjectNode managed(String group, String kind, String namespace, String name, ObjectNode state,
			String version) {
		String json = GoJson.string(state);
		ObjectNode item = GoJson.object();
		if (group != null) {
			item.put("group", group);
		}
		item.put("kind", kind);
		item.put("namespace", namespace);
		item.put("name", name);
		item.put("targetState", json);
		item.put("liveState", json);
		item.put("normalizedLiveState", json);
		item.put("predictedLiveState", json);
		item.put("resourceVersion", version);
		return item;
	}

}
