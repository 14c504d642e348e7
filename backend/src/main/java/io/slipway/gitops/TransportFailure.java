package io.slipway.gitops;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/**
 * What went wrong talking to a Git remote, read from what JGit threw. JGit reports most transport
 * failures as a {@code TransportException} whose cause chain or message says what happened;
 * everything in Slipway that reads a remote classifies them here, so the infra repository and
 * the language detection agree on what a timeout or a refused login looks like. Callers word
 * the message themselves: each knows which settings the operator should check.
 */
public enum TransportFailure {

	/** The remote asked for credentials, or refused the ones given (HTTP 401). */
	AUTHENTICATION_REQUIRED,

	/** The credentials were accepted but may not do this (HTTP 403). */
	ACCESS_DENIED,

	/** No answer within the transport timeout. */
	TIMED_OUT,

	/** Nothing listens on the remote's port. */
	CONNECTION_REFUSED,

	/** The remote's host name does not resolve. */
	UNKNOWN_HOST,

	/** The network has no route to the remote's host. */
	NO_ROUTE,

	/** The remote answered, but holds no Git repository at that path. */
	NO_REPOSITORY,

	/** Anything else: report the root cause's message. */
	OTHER;

	/**
	 * Classifies a failure; the first matching kind in declaration order wins.
	 */
	public static TransportFailure of(Throwable failure) {
		String text = allMessages(failure);
		if (text.contains("not authorized") || text.contains("authentication is required")
				|| text.contains("authentication not supported")) {
			return AUTHENTICATION_REQUIRED;
		}
		if (text.contains("not permitted")) {
			return ACCESS_DENIED;
		}
		if (hasCause(failure, SocketTimeoutException.class) || hasCause(failure, InterruptedIOException.class)
				|| text.contains("timed out")) {
			return TIMED_OUT;
		}
		if (hasCause(failure, ConnectException.class)) {
			return CONNECTION_REFUSED;
		}
		if (hasCause(failure, UnknownHostException.class)) {
			return UNKNOWN_HOST;
		}
		if (hasCause(failure, NoRouteToHostException.class)) {
			return NO_ROUTE;
		}
		if (failure instanceof NoRemoteRepositoryException) {
			return NO_REPOSITORY;
		}
		return OTHER;
	}

	/**
	 * Every message in the cause chain, lower-cased, one per line.
	 */
	public static String allMessages(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			text.append(t.getMessage()).append('\n');
		}
		return text.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * The message of the innermost cause, or its class name when it has none.
	 */
	public static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return (message != null) ? message : root.getClass().getSimpleName();
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

}
