package dev.apisec.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own answer to the requests it refuses before any filter or servlet runs: an
 * encoded slash, backslash or NUL in the path, request headers over the size limit. A
 * problem response with the security headers, instead of Tomcat's HTML error page. It
 * takes the place of the {@link ErrorReportValve} on the host; errors inside the
 * application never reach it, they are answered by the error controller.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

	private final ProblemResponseWriter problems;

	private final Map<String, String> headers;

	ProblemErrorReportValve(ProblemResponseWriter problems, Map<String, String> headers) {
		this.problems = problems;
		this.headers = headers;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			this.problems.write(request, response, this.problems.problemForStatus(status), this.headers);
			response.finishResponse();
		}
		catch (IOException | RuntimeException ex) {
			// The connection is unusable (the client went away, or the request was too
			// broken to answer): there is nobody to tell.
		}
	}

}
