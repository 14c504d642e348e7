package io.slipway.changerequest;

/**
 * There is no change request with this number (404).
 */
public class ChangeRequestNotFoundException extends ChangeRequestException {

	private final long id;

	public ChangeRequestNotFoundException(long id) {
		super("there is no change request #" + id);
		this.id = id;
	}

	/**
	 * The number asked for.
	 */
	public long id() {
		return this.id;
	}

}
