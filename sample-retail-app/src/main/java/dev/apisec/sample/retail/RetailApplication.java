package dev.apisec.sample.retail;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A shop API (products, orders, users) secured only by the API security starter through
 * {@code apisec.*} in its application.yml.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RetailApplication {

	public static void main(String[] args) {
		SpringApplication.run(RetailApplication.class, args);
	}

}
