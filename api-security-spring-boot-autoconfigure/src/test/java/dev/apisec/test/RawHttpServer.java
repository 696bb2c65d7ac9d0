package dev.apisec.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A downstream on a random loopback port that answers at the socket level, for faults an
 * HTTP server library will not produce: headers then a reset in the middle of the body, a
 * body that stalls, a body shorter than its Content-Length, a chunked body without its
 * last chunk. Each path has one {@link Answer}; one connection per request.
 */
public final class RawHttpServer implements AutoCloseable {

	private final ServerSocket socket;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "raw-http-server");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

	private final CountDownLatch closed = new CountDownLatch(1);

	public RawHttpServer() {
		try {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.executor.execute(this::accept);
	}

	public String url() {
		return "http://127.0.0.1:" + this.socket.getLocalPort();
	}

	/**
	 * Answer requests for a path (the query is ignored) this way from now on.
	 * @param path the path
	 * @param answer what to write
	 */
	public void on(String path, Answer answer) {
		this.answers.put(path, answer);
	}

	/**
	 * Return how many requests arrived for a path.
	 * @param path the path
	 * @return the count
	 */
	public int requests(String path) {
		AtomicInteger count = this.requests.get(path);
		return (count != null) ? count.get() : 0;
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket connection = this.socket.accept();
				this.executor.execute(() -> serve(connection));
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void serve(Socket connection) {
		try (connection) {
			connection.setSoTimeout(5000);
			String path = readRequestHead(connection.getInputStream());
			if (path == null) {
				return;
			}
			this.requests.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
			Answer answer = this.answers.getOrDefault(path, Answer.ok("text/plain", "no answer for " + path));
			answer.write(connection, connection.getOutputStream(), this.closed);
		}
		catch (IOException | InterruptedException ex) {
			// the client gave up, or the server closed: nothing to answer
		}
	}

	/**
	 * Read the request line and headers (the tests send no request bodies).
	 */
	private static String readRequestHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		for (int b = in.read(); b >= 0; b = in.read()) {
			head.append((char) b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
			if (matched == end.length) {
				String target = head.toString().split(" ", 3)[1];
				int query = target.indexOf('?');
				return (query >= 0) ? target.substring(0, query) : target;
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.closed.countDown();
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
		this.executor.shutdownNow();
	}

	/**
	 * What the server writes on a connection.
	 */
	@FunctionalInterface
	public interface Answer {

		void write(Socket connection, OutputStream out, CountDownLatch closed) throws IOException, InterruptedException;

		/**
		 * A complete 200 answer with a Content-Length.
		 * @param contentType the content type
		 * @param body the body
		 * @return the answer
		 */
		static Answer ok(String contentType, String body) {
			return status(200, contentType, body);
		}

		/**
		 * A complete answer with a Content-Length.
		 * @param status the status
		 * @param contentType the content type
		 * @param body the body, maybe empty
		 * @return the answer
		 */
		static Answer status(int status, String contentType, String body) {
			return (connection, out, closed) -> {
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				head(out, status, contentType, "Content-Length: " + bytes.length);
				out.write(bytes);
				out.flush();
			};
		}

		/**
		 * A 200 answer whose Content-Length promises more than the part sent, then a
		 * reset (RST) of the connection.
		 * @param contentType the content type
		 * @param part what is sent of the body
		 * @param declaredLength the Content-Length
		 * @return the answer
		 */
		static Answer resetMidBody(String contentType, String part, int declaredLength) {
			return resetMidBody(200, contentType, part, declaredLength);
		}

		/**
		 * An answer whose Content-Length promises more than the part sent, then a reset.
		 * @param status the status
		 * @param contentType the content type
		 * @param part what is sent of the body
		 * @param declaredLength the Content-Length
		 * @return the answer
		 */
		static Answer resetMidBody(int status, String contentType, String part, int declaredLength) {
			return (connection, out, closed) -> {
				head(out, status, contentType, "Content-Length: " + declaredLength);
				out.write(part.getBytes(StandardCharsets.UTF_8));
				out.flush();
				// Let the client take the head and the part before the reset discards
				// them.
				if (!closed.await(200, TimeUnit.MILLISECONDS)) {
					connection.setSoLinger(true, 0);
				}
			};
		}

		/**
		 * A 200 answer that sends part of the body, then nothing until the server closes.
		 * @param contentType the content type
		 * @param part what is sent of the body
		 * @param declaredLength the Content-Length
		 * @return the answer
		 */
		static Answer stallMidBody(String contentType, String part, int declaredLength) {
			return (connection, out, closed) -> {
				head(out, 200, contentType, "Content-Length: " + declaredLength);
				out.write(part.getBytes(StandardCharsets.UTF_8));
				out.flush();
				closed.await();
			};
		}

		/**
		 * A 200 answer whose Content-Length promises more than the part sent, then an
		 * orderly close (FIN).
		 * @param contentType the content type
		 * @param part what is sent of the body
		 * @param declaredLength the Content-Length
		 * @return the answer
		 */
		static Answer truncated(String contentType, String part, int declaredLength) {
			return (connection, out, closed) -> {
				head(out, 200, contentType, "Content-Length: " + declaredLength);
				out.write(part.getBytes(StandardCharsets.UTF_8));
				out.flush();
				connection.shutdownOutput();
			};
		}

		/**
		 * A chunked 200 answer of one chunk without the last (zero-length) chunk, then an
		 * orderly close.
		 * @param contentType the content type
		 * @param part the chunk
		 * @return the answer
		 */
		static Answer truncatedChunked(String contentType, String part) {
			return (connection, out, closed) -> {
				head(out, 200, contentType, "Transfer-Encoding: chunked");
				chunk(out, part.getBytes(StandardCharsets.UTF_8));
				out.flush();
				connection.shutdownOutput();
			};
		}

		/**
		 * A complete chunked 200 answer without a Content-Length: a chunk of the prefix,
		 * then {@code chunks} chunks of {@code chunkSize} bytes of 'a'.
		 * @param contentType the content type
		 * @param prefix the first chunk, e.g. the start of a JSON string
		 * @param chunks how many chunks
		 * @param chunkSize the size of each chunk
		 * @return the answer
		 */
		static Answer chunked(String contentType, String prefix, int chunks, int chunkSize) {
			return (connection, out, closed) -> {
				head(out, 200, contentType, "Transfer-Encoding: chunked");
				chunk(out, prefix.getBytes(StandardCharsets.UTF_8));
				byte[] data = "a".repeat(chunkSize).getBytes(StandardCharsets.US_ASCII);
				for (int i = 0; i < chunks; i++) {
					chunk(out, data);
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			};
		}

		private static void head(OutputStream out, int status, String contentType, String framing) throws IOException {
			String head = "HTTP/1.1 " + status + " OK\r\nContent-Type: " + contentType + "\r\n" + framing
					+ "\r\nConnection: close\r\n\r\n";
			out.write(head.getBytes(StandardCharsets.US_ASCII));
		}

		private static void chunk(OutputStream out, byte[] data) throws IOException {
			if (data.length == 0) {
				// A chunk of no bytes would be the last chunk.
				return;
			}
			out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.write(data);
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
		}

	}

}
