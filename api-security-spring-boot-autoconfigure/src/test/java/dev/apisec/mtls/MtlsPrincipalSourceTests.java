package dev.apisec.mtls;

import java.security.cert.X509Certificate;

import dev.apisec.test.TestCertificates;
import dev.apisec.test.TestCertificates.Issued;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Principal extraction from parsed certificates: one CN or one SAN of the chosen type
 * names the client; none, several, or look-alikes in the DN string name nobody.
 */
class MtlsPrincipalSourceTests {

	private static final Issued ca = TestCertificates.ca("Principal CA");

	@Test
	void subjectCnIsTheOnlyCommonName() {
		assertThat(MtlsPrincipalSource.SUBJECT_CN.extract(cert(new X500Name("CN=alice,OU=Payments,O=Retail"))))
			.hasValue("alice");
	}

	@Test
	void escapedCommaStaysInsideTheCommonName() {
		X509Certificate certificate = cert(
				new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "alice, CN=admin").build());
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=alice\\, CN\\=admin");
		assertThat(MtlsPrincipalSource.SUBJECT_CN.extract(certificate)).hasValue("alice, CN=admin");
	}

	@Test
	void twoCommonNameRdnsNameNobody() {
		assertThat(MtlsPrincipalSource.SUBJECT_CN.extract(cert(
				new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "alice").addRDN(BCStyle.CN, "admin").build())))
			.isEmpty();
	}

	@Test
	void commonNameTwiceInAMultiValuedRdnNamesNobody() {
		X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
			.addMultiValuedRDN(
					new AttributeTypeAndValue[] { new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("alice")),
							new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String("admin")) })
			.build();
		assertThat(MtlsPrincipalSource.SUBJECT_CN.extract(cert(subject))).isEmpty();
	}

	@Test
	void noCommonNameNamesNobody() {
		assertThat(MtlsPrincipalSource.SUBJECT_CN.extract(cert(new X500Name("O=Retail,OU=alice")))).isEmpty();
	}

	@Test
	void sanModesTakeTheOneNameOfTheirType() {
		X509Certificate certificate = cert(new X500Name("CN=ignored"),
				new GeneralName(GeneralName.dNSName, "payments.internal"),
				new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://retail/payments"),
				new GeneralName(GeneralName.rfc822Name, "payments@retail.example"));
		assertThat(MtlsPrincipalSource.SAN_DNS.extract(certificate)).hasValue("payments.internal");
		assertThat(MtlsPrincipalSource.SAN_URI.extract(certificate)).hasValue("spiffe://retail/payments");
		assertThat(MtlsPrincipalSource.SAN_EMAIL.extract(certificate)).hasValue("payments@retail.example");
	}

	@Test
	void sanModesNameNobodyWithoutOrWithSeveralNamesOfTheirType() {
		X509Certificate none = cert(new X500Name("CN=payments.internal"));
		assertThat(MtlsPrincipalSource.SAN_DNS.extract(none)).isEmpty();
		X509Certificate two = cert(new X500Name("CN=x"), new GeneralName(GeneralName.dNSName, "a.internal"),
				new GeneralName(GeneralName.dNSName, "b.internal"));
		assertThat(MtlsPrincipalSource.SAN_DNS.extract(two)).isEmpty();
		assertThat(MtlsPrincipalSource.SAN_URI.extract(two)).isEmpty();
	}

	private static X509Certificate cert(X500Name subject, GeneralName... names) {
		return TestCertificates.issue(ca, subject, names).certificate();
	}

}
