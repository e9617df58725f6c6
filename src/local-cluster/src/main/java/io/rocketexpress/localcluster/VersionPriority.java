package io.rocketexpress.localcluster;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders API versions the way the API server ranks them in discovery, most preferred first: GA before beta
 * before alpha, higher numbers first within each, and anything not shaped like a Kubernetes version last,
 * alphabetically. kubectl takes a group's first version as the one to use when a user names no version.
 */
final class VersionPriority implements Comparator<String> {

    static final VersionPriority INSTANCE = new VersionPriority();

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    private VersionPriority() {
    }

    @Override
    public int compare(String a, String b) {
        Matcher left = KUBE_VERSION.matcher(a);
        Matcher right = KUBE_VERSION.matcher(b);
        boolean leftKube = left.matches();
        boolean rightKube = right.matches();
        if (!leftKube || !rightKube) {
            if (leftKube != rightKube) {
                return leftKube ? -1 : 1;
            }
            return a.compareTo(b);
        }
        int byStability = Integer.compare(stability(right.group(2)), stability(left.group(2)));
        if (byStability != 0) {
            return byStability;
        }
        int byMajor = Long.compare(Long.parseLong(right.group(1)), Long.parseLong(left.group(1)));
        if (byMajor != 0 || left.group(3) == null) {
            return byMajor;
        }
        return Long.compare(Long.parseLong(right.group(3)), Long.parseLong(left.group(3)));
    }

    private static int stability(String level) {
        if (level == null) {
            return 2;
        }
        return "beta".equals(level) ? 1 : 0;
    }
}
