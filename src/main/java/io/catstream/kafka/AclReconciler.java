package io.catstream.kafka;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SecurityDisabledException;

/**
 * Compares an {@link AclCatalog} with a cluster's ACLs and creates the missing ones. Only adds: ACLs the catalog does
 * not name are left alone (other applications share clusters). A cluster without an authorizer has no ACLs to
 * compare: the result says so ({@link Result#skipped()}) instead of failing, so {@code topics apply} still works on
 * a development broker.
 */
public final class AclReconciler {

    /** The missing bindings (created by {@link #apply}), or a reason why ACLs were skipped. */
    public record Result(List<AclBinding> missing, String skipped) {
        public boolean isSkipped() {
            return skipped != null;
        }
    }

    private final Admin admin;
    private final TopicNames names;

    public AclReconciler(Admin admin, TopicNames names) {
        this.admin = admin;
        this.names = names;
    }

    public Result diff(AclCatalog catalog) throws ExecutionException, InterruptedException {
        Set<AclBinding> existing;
        try {
            existing = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                return new Result(List.of(), "the cluster has no authorizer (authorizer.class.name is not set), so "
                        + catalog.bindings(names).size() + " ACLs of acls.yaml were not checked or applied");
            }
            throw e;
        }
        List<AclBinding> missing = new ArrayList<>();
        for (AclBinding wanted : catalog.bindings(names)) {
            if (!existing.contains(wanted)) {
                missing.add(wanted);
            }
        }
        return new Result(missing, null);
    }

    /** Creates every missing binding; returns what was missing (now created). Idempotent. */
    public Result apply(AclCatalog catalog) throws ExecutionException, InterruptedException {
        Result diff = diff(catalog);
        if (!diff.isSkipped() && !diff.missing().isEmpty()) {
            admin.createAcls(diff.missing()).all().get();
            awaitVisible(catalog);
        }
        return diff;
    }

    /** ACLs reach the brokers' authorizers through the metadata log: wait (bounded) so the next command sees them. */
    private void awaitVisible(AclCatalog catalog) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!diff(catalog).missing().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ACLs were accepted but are still not visible after 30 s; run "
                        + "'catstream topics check' to see the state");
            }
            Thread.sleep(100); // polling the cluster's metadata
        }
    }

    /** One line for people: {@code User:scorer ALLOW READ on TOPIC images (LITERAL)}. */
    public static String describe(AclBinding b) {
        return b.entry().principal() + " " + b.entry().permissionType() + " " + b.entry().operation() + " on "
                + b.pattern().resourceType() + " " + b.pattern().name() + " (" + b.pattern().patternType() + ")";
    }
}
