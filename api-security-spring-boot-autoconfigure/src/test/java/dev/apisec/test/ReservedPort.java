package dev.apisec.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections and that no other process can take: a socket
 * is bound to it and never listens or connects. Its address may be reused, so a test
 * server can later bind the port (to make it answer) while it is still held: no window in
 * which the port is free, unlike a port taken and released.
 */
public final class ReservedPort implements AutoCloseable {

	private final Socket socket = new Socket();

	public ReservedPort() {
		try {
			this.socket.setReuseAddress(true);
			this.socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Nothing held any more either way.
		}
	}

}
