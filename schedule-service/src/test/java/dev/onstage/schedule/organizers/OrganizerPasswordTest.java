package dev.onstage.schedule.organizers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Issue 15, item 9: a configured organizer password shorter than 12 characters stops the service at start. */
class OrganizerPasswordTest {

    private static Accounts.Account account(String password, String role) {
        return new Accounts.Account() {
            @Override
            public String password() {
                return password;
            }

            @Override
            public List<String> roles() {
                return List.of(role);
            }
        };
    }

    @Test
    void aShortOrganizerPasswordIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> OrganizerIdentityProvider
                .checkPasswords(Map.of("admin", account("elevenchars", OrganizerIdentityProvider.ROLE))));
        assertTrue(refused.getMessage().contains("11 characters") && refused.getMessage().contains("at least 12"),
                refused.getMessage());
    }

    @Test
    void twelveCharactersAndOtherRolesAreAccepted() {
        assertDoesNotThrow(() -> OrganizerIdentityProvider.checkPasswords(Map.of(
                "admin", account("twelve-chars", OrganizerIdentityProvider.ROLE),
                "volunteer", account("short", "volunteer"))));
    }
}
