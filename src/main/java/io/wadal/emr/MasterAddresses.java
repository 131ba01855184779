package io.wadal.emr;

import io.wadal.profile.ProfileKey;

/**
 * The master's addresses as ListInstances gives them (its MASTER instance); null where it has
 * none. In a private subnet EC2 gives the instance no public name or IP.
 */
public record MasterAddresses(String publicDns, String publicIp, String privateDns, String privateIp) {
    public static final String AUTO = "auto";
    public static final String PUBLIC_DNS = "public-dns";
    public static final String PRIVATE_IP = "private-ip";
    public static final String PRIVATE_DNS = "private-dns";

    public MasterAddresses {
        publicDns = blankToNull(publicDns);
        publicIp = blankToNull(publicIp);
        privateDns = blankToNull(privateDns);
        privateIp = blankToNull(privateIp);
    }

    /** True when the master can be reached from the internet at all (a public name or IP). */
    public boolean isPublic() {
        return publicDns != null || publicIp != null;
    }

    /**
     * The address for a MASTER_ADDRESS other than public-dns (EMR's MasterPublicDnsName, which
     * needs no ListInstances): auto is the public name, else the public IP (a VPC without DNS
     * host names), else the private IP. Null when the master has no address of that kind.
     */
    public String choose(String mode) {
        return switch (mode) {
            case PRIVATE_IP -> privateIp;
            case PRIVATE_DNS -> privateDns;
            case AUTO -> publicDns != null ? publicDns : publicIp != null ? publicIp : privateIp;
            default -> throw new IllegalArgumentException("not a " + ProfileKey.MASTER_ADDRESS + " of ListInstances: " + mode);
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
