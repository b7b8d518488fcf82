package dev.onstage.schedule.organizers;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may change the programme. The main organizer comes from {@code ONSTAGE_ADMIN_USER} /
 * {@code ONSTAGE_ADMIN_PASSWORD}; more accounts can be listed as {@code onstage.auth.accounts."name".password} and
 * {@code onstage.auth.accounts."name".roles}.
 */
@ConfigMapping(prefix = "onstage.auth")
public interface Accounts {

    @WithDefault("admin")
    String adminUser();

    Optional<String> adminPassword();

    Map<String, Account> accounts();

    interface Account {
        String password();

        @WithDefault("organizer")
        List<String> roles();
    }
}
