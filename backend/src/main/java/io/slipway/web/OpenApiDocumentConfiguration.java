package io.slipway.web;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the OpenAPI document machinery on the first request for {@code /v3/api-docs} rather than
 * at start-up. springdoc's beans pull in swagger-core and a second Jackson (about a thousand
 * classes) that nothing else needs, and start-up time on small machines is mostly class loading
 * (see docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocumentConfiguration {

	private static final String SPRINGDOC = "org.springdoc.";

	@Bean
	static BeanFactoryPostProcessor lazyOpenApiDocument() {
		return (beanFactory) -> {
			for (String name : beanFactory.getBeanDefinitionNames()) {
				BeanDefinition definition = beanFactory.getBeanDefinition(name);
				if (fromSpringdoc(beanFactory, definition)) {
					definition.setLazyInit(true);
				}
			}
		};
	}

	private static boolean fromSpringdoc(ConfigurableListableBeanFactory beanFactory, BeanDefinition definition) {
		String type = definition.getBeanClassName();
		if (type != null && type.startsWith(SPRINGDOC)) {
			return true;
		}
		String factory = definition.getFactoryBeanName();
		if (factory == null || !beanFactory.containsBeanDefinition(factory)) {
			return false;
		}
		String factoryType = beanFactory.getBeanDefinition(factory).getBeanClassName();
		return factoryType != null && factoryType.startsWith(SPRINGDOC);
	}

}
