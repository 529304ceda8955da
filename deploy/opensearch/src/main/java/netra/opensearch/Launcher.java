package netra.opensearch;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.Version;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.PluginInfo;
import org.opensearch.transport.Netty4ModulePlugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one OpenSearch node from the jars on the classpath (Maven Central artifacts).
 *
 * <pre>
 * java -cp 'lib/*' netra.opensearch.Launcher --config DIR [-Ekey=value ...]
 * </pre>
 *
 * DIR holds opensearch.yml and log4j2.properties; {@code -E} settings override the yml. OpenSearch's
 * {@code Node} takes classpath plugins in its protected constructor (as the test framework's MockNode
 * does), and {@code GET /} is built into the server, so one class is enough. Plugin: transport-netty4
 * (HTTP + transport). Stops cleanly on SIGTERM/SIGINT.
 */
public final class Launcher extends Node {

    private Launcher(Environment environment, List<Class<? extends Plugin>> plugins) {
        super(environment, plugins.stream().map(Launcher::info).toList(), true);
    }

    private static PluginInfo info(Class<? extends Plugin> plugin) {
        return new PluginInfo(plugin.getName(), "classpath plugin (netra launcher)", "NA", Version.CURRENT,
            Integer.toString(Runtime.version().feature()), plugin.getName(), List.of(), false);
    }

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
        if (configDir == null || Files.isRegularFile(configDir.resolve("opensearch.yml")) == false) {
            throw new IllegalArgumentException("--config DIR with opensearch.yml is required");
        }

        LogConfigurator.registerErrorListener();
        Environment env = InternalSettingsPreparer.prepareEnvironment(overrides.build(), Map.of(), configDir, () -> "netra-opensearch");
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(env.settings()));
        LogConfigurator.configure(env);
        Logger logger = LogManager.getLogger(Launcher.class);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> logger.error("uncaught exception in thread [" + t.getName() + "]", e));

        List<Class<? extends Plugin>> plugins = List.of(Netty4ModulePlugin.class);
        logger.info("netra launcher: java [{}], plugins {}", Runtime.version(), plugins);
        Node node = new Launcher(env, plugins);
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
                LogManager.shutdown();
            }
        }, "netra-opensearch-shutdown"));
        node.start();
        logger.info("netra launcher: node started");
        stopped.await();
    }
}
