package dev.apisec.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A downstream service for client tests: an HTTP server on a random loopback port that
 * answers each path with a script of replies (the last one repeats) and records every
 * request with its arrival time. Replies can add latency, hang until the server closes,
 * or answer any status with any headers.
 */
public final class DownstreamServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "downstream-stub");
		thread.setDaemon(true);
		return thread;
	});

	private final CountDownLatch closed = new CountDownLatch(1);

	private final Map<String, List<Reply>> scripts = new ConcurrentHashMap<>();

	private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();

	public DownstreamServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answer requests for the path with these replies in turn, repeating the last one.
	 * @param path the request path, without query
	 * @param replies the replies
	 */
	public void on(String path, Reply... replies) {
		this.scripts.put(path, new CopyOnWriteArrayList<>(List.of(replies)));
	}

	public List<Arrival> arrivals(String path) {
		return List.copyOf(this.arrivals.getOrDefault(path, List.of()));
	}

	public int hits(String path) {
		return arrivals(path).size();
	}

	/**
	 * Milliseconds between consecutive arrivals on the path.
	 * @param path the request path
	 * @return the gaps, one fewer than the arrivals
	 */
	public List<Long> gapsMillis(String path) {
		List<Arrival> all = arrivals(path);
		List<Long> gaps = new ArrayList<>();
		for (int i = 1; i < all.size(); i++) {
			gaps.add(TimeUnit.NANOSECONDS.toMillis(all.get(i).nanos() - all.get(i - 1).nanos()));
		}
		return gaps;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.arrivals.computeIfAbsent(path, (key) -> new CopyOnWriteArrayList<>())
				.add(new Arrival(System.nanoTime(), exchange.getRequestMethod(),
						exchange.getRequestHeaders().getFirst("Authorization"), body));
			List<Reply> script = this.scripts.get(path);
			if (script == null) {
				send(exchange, 404, "no script for " + path);
				return;
			}
			Reply reply = (script.size() > 1) ? script.remove(0) : script.get(0);
			reply.respond(exchange, this);
		}
	}

	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
			exchange.getResponseHeaders().set("Content-Type", "text/plain");
		}
		exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	/**
	 * One request as the server saw it.
	 *
	 * @param nanos arrival time, {@link System#nanoTime()}
	 * @param method the method
	 * @param authorization the Authorization header or {@code null}
	 * @param body the request body
	 */
	public record Arrival(long nanos, String method, String authorization, String body) {

	}

	/**
	 * How the server answers one request.
	 */
	@FunctionalInterface
	public interface Reply {

		void respond(HttpExchange exchange, DownstreamServer server) throws IOException;

		static Reply ok(String body) {
			return status(200, body);
		}

		static Reply status(int status) {
			return status(status, "");
		}

		static Reply status(int status, String body, String... headerNamesAndValues) {
			return (exchange, server) -> {
				for (int i = 0; i + 1 < headerNamesAndValues.length; i += 2) {
					exchange.getResponseHeaders().add(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
				}
				send(exchange, status, body);
			};
		}

		static Reply json(String json) {
			return status(200, json, "Content-Type", "application/json");
		}

		/**
		 * Echo the request's Authorization header (or "none") as the body.
		 * @return the reply
		 */
		static Reply echoAuthorization() {
			return (exchange, server) -> {
				String authorization = exchange.getRequestHeaders().getFirst("Authorization");
				send(exchange, 200, (authorization != null) ? authorization : "none");
			};
		}

		/**
		 * A JSON string of the given size, sent with a Content-Length or chunked.
		 * @param bytes the body size
		 * @param chunked whether to leave Content-Length out
		 * @return the reply
		 */
		static Reply large(int bytes, boolean chunked) {
			return (exchange, server) -> {
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, chunked ? 0 : bytes);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(("\"" + "x".repeat(bytes - 2) + "\"").getBytes(StandardCharsets.US_ASCII));
				}
			};
		}

		/**
		 * Answer after a delay: downstream latency.
		 * @param latency the delay
		 * @param then the reply after the delay
		 * @return the reply
		 */
		static Reply after(Duration latency, Reply then) {
			return (exchange, server) -> {
				if (!awaitClose(server, latency)) {
					then.respond(exchange, server);
				}
			};
		}

		/**
		 * Answer when the test releases the latch (or the server closes).
		 * @param release counted down by the test
		 * @param then the reply after the release
		 * @return the reply
		 */
		static Reply awaiting(CountDownLatch release, Reply then) {
			return (exchange, server) -> {
				try {
					if (release.await(1, TimeUnit.MINUTES)) {
						then.respond(exchange, server);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			};
		}

		/**
		 * Never answer (until the server closes).
		 * @return the reply
		 */
		static Reply hang() {
			return (exchange, server) -> awaitClose(server, Duration.ofMinutes(1));
		}

		private static boolean awaitClose(DownstreamServer server, Duration timeout) {
			try {
				return server.closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return true;
			}
		}

	}

}
