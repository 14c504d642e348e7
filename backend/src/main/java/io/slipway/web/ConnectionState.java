package io.slipway.web;

/**
 * The three answers every connection card gives, whatever it connects to. Each adapter has its
 * own status type; pages only need to tell these apart, with a colour and a word.
 */
enum ConnectionState {

	/** The system answered; what the page shows from it is live. */
	CONNECTED,

	/** Configured, but it did not answer: what the page shows from it may be stale. */
	UNREACHABLE,

	/** Not configured at all: the page shows nothing from it. */
	NOT_CONNECTED

}
