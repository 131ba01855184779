package io.wadal.assets;

/** One file to place in the asset directory on S3: its object name there and its bytes. */
public record Asset(String name, byte[] content) {
}
