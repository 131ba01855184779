package io.wadal.check;

import java.util.List;

/** The names of check's items, in the order they are reported. */
public final class Items {
    public static final String PROFILE = "profile";
    public static final String CREDENTIALS = "credentials";
    public static final String REGION = "region";
    public static final String SUBNET = "subnet";
    public static final String KEY_PAIR = "key-pair";
    public static final String KEY_FILE = "key-file";
    public static final String ASSETS = "assets";
    public static final String LOG_BUCKET = "log-bucket";
    public static final String GIT_REPO = "git-repo";
    public static final String SECURITY_GROUP = "security-group";
    public static final String SSH_ACCESS = "ssh-access";
    public static final String IDLE_TIMEOUT = "idle-timeout";
    public static final String MAX_AGE = "max-age";
    public static final String SPOT_PRICE = "spot-price";
    public static final String ROLES = "roles";
    public static final String ROUTE = "route";
    public static final String POLICY_TAGS = "policy-tags";

    public static final List<String> ORDER = List.of(PROFILE, CREDENTIALS, REGION, ROLES, SUBNET, ROUTE, POLICY_TAGS, KEY_PAIR, KEY_FILE,
            ASSETS, LOG_BUCKET, GIT_REPO, SECURITY_GROUP, SSH_ACCESS, IDLE_TIMEOUT, MAX_AGE, SPOT_PRICE);

    private Items() {
    }
}
