package netra.es;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Elasticsearch node from the jars on the classpath (Maven Central artifacts).
 *
 * <pre>
 * java -cp 'lib/*' netra.es.Launcher --config DIR [-Ekey=value ...]
 * </pre>
 *
 * DIR holds elasticsearch.yml and log4j2.properties. {@code -E} settings override the yml (as with bin/elasticsearch).
 * Plugins: transport-netty4 (HTTP + transport) and {@link RootEndpointPlugin} ({@code GET /}).
 * Stops cleanly on SIGTERM/SIGINT (shutdown hook closes the node).
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path configDir = null;
        Settings.Builder overrides = Settings.builder();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                configDir = Path.of(args[++i]);
            } else if (a.startsWith("-E")) {
                String kv = a.length() > 2 ? a.substring(2) : args[++i];
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("setting must be key=value: " + kv);
                }
                overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
            } else {
                throw new IllegalArgumentException("unknown argument: " + a);
            }
        }
        if (configDir == null || Files.isRegularFile(configDir.resolve("elasticsearch.yml")) == false) {
            throw new IllegalArgumentException("--config DIR with elasticsearch.yml is required");
        }

        LogConfigurator.registerErrorListener();
        Settings input = overrides.build();
        Environment env = InternalSettingsPreparer.prepareEnvironment(input, Map.of(), configDir, () -> "netra-es");
        LogConfigurator.setClusterName(ClusterName.CLUSTER_NAME_SETTING.get(env.settings()).value());
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(env.settings()));
        LogConfigurator.configure(env, true);
        Logger logger = LogManager.getLogger(Launcher.class);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> logger.error("uncaught exception in thread [" + t.getName() + "]", e));

        Collection<Class<? extends Plugin>> plugins = new ArrayList<>(List.of(Netty4Plugin.class, RootEndpointPlugin.class));
        logger.info("netra launcher: java [{}], plugins {}", Runtime.version(), plugins);

        Node node = new ClasspathNode(env, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                if (node.awaitClose(20, TimeUnit.SECONDS) == false) {
                    logger.warn("node did not close within 20s");
                }
            } catch (Exception e) {
                logger.warn("error while closing node", e);
            } finally {
                stopped.countDown();
                org.apache.logging.log4j.core.config.Configurator.shutdown(
                    (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false));
            }
        }, "netra-es-shutdown"));
        node.start();
        logger.info("netra launcher: node started");
        stopped.await();
    }
}
