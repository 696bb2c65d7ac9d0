package dev.apisec.bench.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load driver for when wrk is not installed: a fixed number of
 * keep-alive connections, one thread each, sending the same GET back to back. Latencies go
 * into an HdrHistogram per connection; only the measurement window is recorded, after a
 * warm-up. Prints one line: {@code requests rps p50_us p99_us non_2xx errors}.
 * <p>
 * Usage: {@code LoadDriver <url> <bearer token or -> <connections> <warmup seconds> <seconds>}
 */
public final class LoadDriver {

	private LoadDriver() {
	}

	public static void main(String[] args) throws Exception {
		URI uri = URI.create(args[0]);
		String token = args[1];
		int connections = Integer.parseInt(args[2]);
		long warmupNanos = Long.parseLong(args[3]) * 1_000_000_000L;
		long measureNanos = Long.parseLong(args[4]) * 1_000_000_000L;
		String path = (uri.getRawQuery() != null) ? uri.getRawPath() + "?" + uri.getRawQuery() : uri.getRawPath();
		StringBuilder request = new StringBuilder().append("GET ").append(path).append(" HTTP/1.1\r\n")
			.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
			.append("Accept: application/json\r\n");
		if (!"-".equals(token)) {
			request.append("Authorization: Bearer ").append(token).append("\r\n");
		}
		byte[] requestBytes = request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
		AtomicBoolean recording = new AtomicBoolean();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(connections);
		List<Worker> workers = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Worker worker = new Worker(uri, requestBytes, recording, stop, done);
			workers.add(worker);
			Thread thread = new Thread(worker, "load-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		Thread.sleep(warmupNanos / 1_000_000);
		recording.set(true);
		long start = System.nanoTime();
		Thread.sleep(measureNanos / 1_000_000);
		recording.set(false);
		long elapsed = System.nanoTime() - start;
		stop.set(true);
		done.await();
		Histogram total = new Histogram(3);
		long non2xx = 0;
		long errors = 0;
		for (Worker worker : workers) {
			total.add(worker.histogram);
			non2xx += worker.non2xx;
			errors += worker.errors;
		}
		long requests = total.getTotalCount();
		System.out.printf(Locale.ROOT, "%d %.1f %d %d %d %d%n", requests, requests * 1e9 / elapsed,
				total.getValueAtPercentile(50) / 1000, total.getValueAtPercentile(99) / 1000, non2xx, errors);
	}

	private static final class Worker implements Runnable {

		private final URI uri;

		private final byte[] request;

		private final AtomicBoolean recording;

		private final AtomicBoolean stop;

		private final CountDownLatch done;

		final Histogram histogram = new Histogram(60_000_000_000L, 3);

		long non2xx;

		long errors;

		Worker(URI uri, byte[] request, AtomicBoolean recording, AtomicBoolean stop, CountDownLatch done) {
			this.uri = uri;
			this.request = request;
			this.recording = recording;
			this.stop = stop;
			this.done = done;
		}

		@Override
		public void run() {
			try {
				while (!this.stop.get()) {
					try (Socket socket = new Socket()) {
						socket.setTcpNoDelay(true);
						socket.connect(new InetSocketAddress(this.uri.getHost(), this.uri.getPort()), 5000);
						socket.setSoTimeout(30_000);
						exchange(socket.getOutputStream(), new BufferedInputStream(socket.getInputStream(), 16384));
					}
					catch (IOException ex) {
						if (this.recording.get()) {
							this.errors++;
						}
					}
				}
			}
			finally {
				this.done.countDown();
			}
		}

		// Requests on one connection until the server closes it or the run ends.
		private void exchange(OutputStream out, InputStream in) throws IOException {
			while (!this.stop.get()) {
				long start = System.nanoTime();
				out.write(this.request);
				out.flush();
				Response response = Response.read(in);
				long latency = System.nanoTime() - start;
				if (this.recording.get()) {
					this.histogram.recordValue(latency);
					if (response.status < 200 || response.status > 299) {
						this.non2xx++;
					}
				}
				if (response.close) {
					return;
				}
			}
		}

	}

	private record Response(int status, boolean close) {

		static Response read(InputStream in) throws IOException {
			String statusLine = line(in);
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = line(in); !header.isEmpty(); header = line(in)) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			if (chunked) {
				for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
						size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
					skip(in, size);
					line(in);
				}
				line(in);
			}
			else if (length > 0) {
				skip(in, length);
			}
			return new Response(status, close);
		}

		private static void skip(InputStream in, long count) throws IOException {
			long remaining = count;
			while (remaining > 0) {
				long skipped = in.skip(remaining);
				if (skipped <= 0) {
					if (in.read() < 0) {
						throw new IOException("Connection closed in a body");
					}
					skipped = 1;
				}
				remaining -= skipped;
			}
		}

		private static String line(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder(64);
			for (int c = in.read(); c != '\n'; c = in.read()) {
				if (c < 0) {
					throw new IOException("Connection closed");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

	}

}
