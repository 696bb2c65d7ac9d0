package dev.apisec.jwt;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link JwtValidationBenchmark}: the JDK verifying the same signing
 * input and signature with nothing around it. {@code verify} reuses one initialized
 * {@link Signature} or {@link Mac}; {@code verifyWithNewInstance} looks the algorithm up
 * and initializes it on every call, as {@link VerificationKey} does, so the difference
 * between the two is the cost of that lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class BareSignatureBenchmark {

	@Param({ "RS256", "ES256", "EdDSA", "HS256" })
	public String alg;

	private String jcaName;

	private BenchmarkToken fixture;

	private Signature signature;

	private Mac mac;

	@Setup
	public void setUp() throws Exception {
		this.fixture = BenchmarkToken.create(this.alg);
		this.jcaName = JwsAlgorithm.forName(this.alg).jcaName();
		if (this.fixture.hmacSecret() != null) {
			this.mac = Mac.getInstance(this.jcaName);
			this.mac.init(this.fixture.verificationKey());
		}
		else {
			this.signature = Signature.getInstance(this.jcaName);
			this.signature.initVerify((PublicKey) this.fixture.verificationKey());
		}
		if (!verify() || !verifyWithNewInstance()) {
			throw new IllegalStateException("The " + this.alg + " signature does not verify");
		}
	}

	@Benchmark
	public boolean verify() throws Exception {
		if (this.mac != null) {
			return MessageDigest.isEqual(this.mac.doFinal(this.fixture.signingInput()), this.fixture.signature());
		}
		// After verify() a Signature is back in its initialized state, ready for reuse.
		this.signature.update(this.fixture.signingInput());
		return this.signature.verify(this.fixture.signature());
	}

	@Benchmark
	public boolean verifyWithNewInstance() throws Exception {
		if (this.mac != null) {
			Mac mac = Mac.getInstance(this.jcaName);
			mac.init(this.fixture.verificationKey());
			return MessageDigest.isEqual(mac.doFinal(this.fixture.signingInput()), this.fixture.signature());
		}
		Signature signature = Signature.getInstance(this.jcaName);
		signature.initVerify((PublicKey) this.fixture.verificationKey());
		signature.update(this.fixture.signingInput());
		return signature.verify(this.fixture.signature());
	}

}
