package io.slipway.catalog;

/**
 * The service, or its environment, that a request names does not exist on the main branch.
 */
class UnknownTargetException extends RuntimeException {

	UnknownTargetException(String message) {
		super(message);
	}

	static UnknownTargetException service(String name) {
		return new UnknownTargetException("no service " + name + " in the infra repository");
	}

	static UnknownTargetException environment(String service, String environment) {
		return new UnknownTargetException("service " + service + " has no overlay for environment " + environment);
	}

}
