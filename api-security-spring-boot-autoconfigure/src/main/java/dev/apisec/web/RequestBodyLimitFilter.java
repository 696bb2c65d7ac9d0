package dev.apisec.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.apisec.support.ApiSecConfigurationException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than a limit with 413: at once when the
 * {@code Content-Length} says so, and, for a body without one (chunked), as soon as
 * reading passes the limit, whoever reads it. Registered before every filter that reads
 * bodies.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBodySize;

	private final ProblemResponseWriter problems;

	/**
	 * Create a filter.
	 * @param maxBodySize the largest body accepted
	 * @param problems writes the 413 response
	 */
	public RequestBodyLimitFilter(DataSize maxBodySize, ProblemResponseWriter problems) {
		if (maxBodySize == null || maxBodySize.toBytes() <= 0) {
			throw new ApiSecConfigurationException("apisec.validation.max-body-size",
					"'" + maxBodySize + "' is not a positive size",
					"Use a positive size such as 1MB or 512KB; every request body is limited.");
		}
		this.maxBodySize = maxBodySize.toBytes();
		this.problems = problems;
	}

	/**
	 * Return the largest body accepted.
	 * @return the limit in bytes
	 */
	public long getMaxBodySize() {
		return this.maxBodySize;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long contentLength = request.getContentLengthLong();
		if (contentLength > this.maxBodySize) {
			refuse(request, response);
			return;
		}
		if (!mayExceed(request, contentLength)) {
			// Nothing to count: the container reads no more than a declared length, and
			// an HTTP/1 request with neither that nor chunking has no body. Every later
			// read of the request's attributes and headers is then one wrapper shorter.
			chain.doFilter(request, response);
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, this.maxBodySize), response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			// A reader outside Spring MVC (another filter, a servlet) let the exception
			// through.
			if (RequestBodyTooLargeException.find(ex) != null && !response.isCommitted()) {
				refuse(request, response);
				return;
			}
			throw ex;
		}
	}

	private static boolean mayExceed(HttpServletRequest request, long contentLength) {
		if (request.getHeader("Transfer-Encoding") != null) {
			return true;
		}
		// HTTP/2 frames a body without either header.
		return contentLength < 0 && !request.getProtocol().startsWith("HTTP/1.");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.problems.write(request, response, ProblemType.CONTENT_TOO_LARGE, detail(this.maxBodySize), Map.of());
	}

	/**
	 * Return the detail of a 413 answer.
	 * @param limit the limit in bytes
	 * @return the detail
	 */
	static String detail(long limit) {
		return "The request body is larger than the limit of " + format(limit) + ".";
	}

	private static String format(long bytes) {
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + "MB";
		}
		if (bytes % 1024 == 0) {
			return (bytes / 1024) + "KB";
		}
		return bytes + " bytes";
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private LimitedInputStream inputStream;

		private BufferedReader reader;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.inputStream == null) {
				this.inputStream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.inputStream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				// ISO-8859-1 is the servlet specification's default for a request without
				// a charset.
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			return this.reader;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long count;

		LimitedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			// Never ask for more than one byte past the limit: that byte alone proves the
			// excess.
			int wanted = (int) Math.min(length, Math.max(1, this.limit - this.count + 1));
			int read = this.delegate.read(buffer, offset, wanted);
			if (read > 0) {
				count(read);
			}
			return read;
		}

		private void count(int bytes) throws RequestBodyTooLargeException {
			this.count += bytes;
			if (this.count > this.limit) {
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

	}

}
