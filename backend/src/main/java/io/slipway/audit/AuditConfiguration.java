package io.slipway.audit;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the audit log to the application's one DataSource and transaction manager, so an entry
 * joins the transaction of the write it records.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditLog auditLog(DataSource dataSource, PlatformTransactionManager transactionManager,
			ObjectProvider<Clock> clock) {
		return new AuditLog(new AuditChain(dataSource, transactionManager, clock.getIfAvailable(Clock::systemUTC)));
	}

}
