package io.tributary.connect.transforms;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.FieldTree;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/**
 * Hides sensitive fields of a record's key or value, each with its own rule, in nested Structs and Maps
 * alike. The schema never changes: every rule keeps the field's type. Use {@link Key} or {@link Value}.
 */
public abstract class Mask<R extends ConnectRecord<R>> extends FieldRewritingTransformation<R, MaskRule> {

    public static final String OVERVIEW_DOC = "Masks fields of the record key (<code>"
        + "io.tributary.connect.transforms.Mask$Key</code>) or value (<code>"
        + "io.tributary.connect.transforms.Mask$Value</code>), with or without a schema, keeping every "
        + "field's type so the schema is unchanged. Tombstones pass through unchanged.";

    public static final String FIELDS_CONFIG = "fields";
    public static final String HASH_SECRET_CONFIG = "hash.secret";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(FIELDS_CONFIG, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new RulesValidator(),
            ConfigDef.Importance.HIGH,
            "The fields to mask, as a comma-separated list of <code>path:rule</code> entries, e.g. "
                + "<code>ssn:hash,card.number:keep-last:4,email:regex:^[^@]+=***</code>. "
                + "A path is a field name or a dotted path into nested Structs or Maps "
                + "(<code>customer.address.street</code>); a path the record lacks is skipped, a null value "
                + "stays null. Rules: <code>redact</code> replaces any value with the empty value of its "
                + "type (0, false, empty string, bytes, array or map, the epoch for dates and times, and a "
                + "Struct of empty values); <code>hash</code> replaces a string with the hex HMAC-SHA256 of it "
                + "keyed with <code>" + HASH_SECRET_CONFIG + "</code>, so equal inputs give equal tokens and "
                + "stay joinable; <code>keep-last:N</code> replaces every character of a string but the last N "
                + "with <code>*</code>; <code>regex:&lt;pattern&gt;=&lt;replacement&gt;</code> replaces "
                + "every match in a string, with Java regex syntax and <code>$1</code> group references. "
                + "The last <code>=</code> separates pattern and replacement, and since entries are "
                + "separated by commas, neither can contain a comma.")
        .define(HASH_SECRET_CONFIG, ConfigDef.Type.PASSWORD, null, new SecretValidator(),
            ConfigDef.Importance.HIGH,
            "The key of the HMAC-SHA256 used by <code>hash</code> rules; required when "
                + "<code>" + FIELDS_CONFIG + "</code> has one. Keep it secret and keep it stable: anyone "
                + "holding it can test guesses against tokens, and changing it changes every token.");

    private static final String NAME = "Mask";

    private HmacSha256 hmac;

    Mask(RecordPart part) {
        super(NAME, CONFIG_DEF, part);
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, props, false);
        FieldTree<MaskRule> rules = parseRules(config.getList(FIELDS_CONFIG));
        Password secret = config.getPassword(HASH_SECRET_CONFIG);
        String hashEntry = firstNeedingSecret(rules);
        if (hashEntry != null && secret == null) {
            throw new ConfigException(HASH_SECRET_CONFIG, null,
                "is required because " + FIELDS_CONFIG + " has the hash rule '" + hashEntry + "'");
        }
        hmac = secret == null ? null : new HmacSha256(secret.value());
        rewriteWith(new FieldRewriter<>(rules, new RuleLeaves(), NAME, "mask"));
    }

    @Override
    public void close() {
        if (hmac != null) {
            hmac.release();
        }
    }

    /**
     * The {@code path:rule} entries as a tree of rules.
     *
     * @throws IllegalArgumentException naming the entry and the reason
     */
    private static FieldTree<MaskRule> parseRules(List<String> entries) {
        FieldTree<MaskRule> rules = new FieldTree<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("entry '" + entry + "' is not path:rule (rules: "
                    + MaskRule.SYNTAX + "; entries are separated by commas, so a regex cannot contain one)");
            }
            FieldPath path;
            MaskRule rule;
            try {
                path = FieldPath.parse(entry.substring(0, colon));
                rule = MaskRule.parse(entry.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry '" + entry + "': " + e.getMessage(), e);
            }
            if (rules.add(path, rule) != FieldTree.Overlap.NONE) {
                throw new IllegalArgumentException("entry '" + entry + "' masks a field that another entry "
                    + "already masks, or a parent or child of it");
            }
        }
        return rules;
    }

    /** The first {@code path:rule} that needs the secret, or {@code null}. */
    private static String firstNeedingSecret(FieldTree<MaskRule> rules) {
        for (FieldTree<MaskRule> leaf : rules.leaves()) {
            if (leaf.leaf().needsSecret()) {
                return leaf.path() + ":" + leaf.leaf();
            }
        }
        return null;
    }

    /** Masks with each leaf's rule; masking keeps every field's type, so the schema never changes. */
    private final class RuleLeaves implements FieldRewriter.Leaves<MaskRule> {
        @Override
        public boolean keepSchema() {
            return true;
        }

        @Override
        public FieldRewriter.LeafPlan plan(MaskRule rule, Schema schema, String path) {
            rule.checkSchema(schema, NAME, path);
            return new FieldRewriter.LeafPlan(schema, value -> rule.mask(value, schema, hmac, NAME, path));
        }

        @Override
        public Object rewrite(MaskRule rule, Object value, Schema valueSchema, String path) {
            return rule.mask(value, valueSchema, hmac, NAME, path);
        }
    }

    /** Masks fields of the record key. */
    public static class Key<R extends ConnectRecord<R>> extends Mask<R> {
        public Key() {
            super(RecordPart.KEY);
        }
    }

    /** Masks fields of the record value. */
    public static class Value<R extends ConnectRecord<R>> extends Mask<R> {
        public Value() {
            super(RecordPart.VALUE);
        }
    }

    private static final class RulesValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must list at least one path:rule entry");
            }
            List<?> entries = (List<?>) value;
            if (entries.isEmpty()) {
                throw new ConfigException(name, value, "must list at least one path:rule entry");
            }
            try {
                parseRules(entries.stream().map(String::valueOf).toList());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "non-empty list of path:rule, rule one of " + MaskRule.SYNTAX;
        }
    }

    private static final class SecretValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof Password password && password.value().isEmpty()) {
                // the value is never echoed: it is a secret
                throw new ConfigException("Invalid value for configuration " + name + ": must not be empty");
            }
        }

        @Override
        public String toString() {
            return "non-empty secret";
        }
    }
}
