package dev.onstage.schedule.organizers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Checks HTTP Basic credentials against the configured {@link Accounts}. */
@ApplicationScoped
public class OrganizerIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    public static final String ROLE = "organizer";

    private static final Logger LOG = Logger.getLogger(OrganizerIdentityProvider.class);

    private final Map<String, Accounts.Account> accounts = new HashMap<>();

    @Inject
    OrganizerIdentityProvider(Accounts configured) {
        accounts.putAll(configured.accounts());
        configured.adminPassword().filter(p -> !p.isBlank())
                .ifPresent(password -> accounts.put(configured.adminUser(), new Accounts.Account() {
                    @Override
                    public String password() {
                        return password;
                    }

                    @Override
                    public List<String> roles() {
                        return List.of(ROLE);
                    }
                }));
    }

    void warnWithoutAccounts(@Observes StartupEvent start) {
        if (accounts.isEmpty()) {
            LOG.warn("No ONSTAGE_ADMIN_PASSWORD is set: organizer actions (imports, moves, cancellations) are refused.");
        }
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        Set<String> roles = roles(request.getUsername(), new String(request.getPassword().getPassword()));
        if (roles == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("wrong user name or password"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(request.getUsername()))
                .addRoles(roles)
                .build());
    }

    /**
     * The roles of the account, or null when the user name or the password is wrong. Also used by
     * {@code BodyGate}, which checks the credentials before a body is read.
     */
    public Set<String> roles(String user, String password) {
        Accounts.Account account = accounts.get(user);
        // Compare in constant time so that response times do not reveal how much of a guess was right.
        if (account == null || !MessageDigest.isEqual(bytes(password), bytes(account.password()))) {
            return null;
        }
        return Set.copyOf(account.roles());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
