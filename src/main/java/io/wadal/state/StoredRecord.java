package io.wadal.state;

/** What {@code clusters/} holds for one profile: a readable record, or a broken one (exactly one is set). */
public record StoredRecord(String profile, ClusterRecord record, BrokenRecord broken) {

    public static StoredRecord of(ClusterRecord record) {
        return new StoredRecord(record.profile(), record, null);
    }

    public static StoredRecord of(BrokenRecord broken) {
        return new StoredRecord(broken.profile(), null, broken);
    }

    public boolean isBroken() {
        return broken != null;
    }
}
