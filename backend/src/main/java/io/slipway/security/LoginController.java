package io.slipway.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginController {

	static final String VIEW_LOGIN = "security/login";

	@GetMapping("/login")
	String showLogin() {
		return VIEW_LOGIN;
	}

}
