package io.slipway.argocd.fake;

import tools.jackson.databind.node.ObjectNode;

/**
 * An error the fake answers with: either Argo CD's gRPC error body {@code {"error","code","message"}}
 * (grpc-gateway's DefaultHTTPError) or, with no gRPC code, the gateway's plain-text answer.
 */
final class ArgoError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	final int httpStatus;

	/** The gRPC code, or -1 for a plain-text gateway answer. */
	final int grpcCode;

	private ArgoError(int httpStatus, int grpcCode, String message) {
		super(message, null, false, false);
		this.httpStatus = httpStatus;
		this.grpcCode = grpcCode;
	}

	static ArgoError unauthenticated(String message) {
		return new ArgoError(401, 16, message);
	}

	static ArgoError permissionDenied(String message) {
		return new ArgoError(403, 7, message);
	}

	static ArgoError notFound(String name) {
		return new ArgoError(404, 5, "applications.argoproj.io \"" + name + "\" not found");
	}

	static ArgoError invalidArgument(String message) {
		return new ArgoError(400, 3, message);
	}

	static ArgoError failedPrecondition(String message) {
		return new ArgoError(400, 9, message);
	}

	static ArgoError unknown(String message) {
		return new ArgoError(500, 2, message);
	}

	static ArgoError unavailable(String message) {
		return new ArgoError(503, 14, message);
	}

	static ArgoError withStatus(int httpStatus, int grpcCode, String message) {
		return new ArgoError(httpStatus, grpcCode, message);
	}

	static ArgoError plain(int httpStatus, String text) {
		return new ArgoError(httpStatus, -1, text);
	}

	boolean isPlainText() {
		return this.grpcCode < 0;
	}

	ObjectNode body() {
		ObjectNode body = GoJson.object();
		body.put("error", getMessage());
		body.put("code", this.grpcCode);
		body.put("message", getMessage());
		return body;
	}

	/**
	 * The runtime.StreamError chunk a stream ends with (handler.go handleForwardResponseStreamError).
	 */
	ObjectNode streamBody() {
		ObjectNode error = GoJson.object();
		error.put("grpc_code", this.grpcCode);
		error.put("http_code", this.httpStatus);
		error.put("message", getMessage());
		error.put("http_status", reasonPhrase(this.httpStatus));
		ObjectNode body = GoJson.object();
		body.set("error", error);
		return body;
	}

	static String reasonPhrase(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 409 -> "Conflict";
			case 500 -> "Internal Server Error";
			case 501 -> "Not Implemented";
			case 502 -> "Bad Gateway";
			case 503 -> "Service Unavailable";
			case 504 -> "Gateway Timeout";
			default -> "Status " + status;
		};
	}

}
