/*
 * Netra: loads Elasticsearch plugins that sit on the JVM classpath (no plugin bundles, no module layers).
 *
 * Lives in org.elasticsearch.plugins because PluginsService.LoadedPlugin is package-private.
 * Same approach as the test framework's MockPluginsService (used by ESSingleNodeTestCase), rewritten
 * so the launcher does not depend on the test framework (junit, randomizedtesting, ...).
 */
package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.spi.SPIClassIterator;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

public class ClasspathPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;

    public ClasspathPluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        super(settings, environment.configDir(), new PluginsLoader(Collections.emptySet(), Collections.emptySet(), Collections.emptyMap()));
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin plugin = loadPlugin(pluginClass, settings, environment.configDir());
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(),
                "classpath plugin (netra launcher)",
                "NA",
                Build.current().version(),
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),
                null,
                Collections.emptyList(),
                false,
                false,
                false,
                false,
                PluginDescriptor.DeploymentTarget.ALL
            );
            loaded.add(new LoadedPlugin(descriptor, plugin, ClasspathPluginsService.class.getClassLoader()));
        }
        for (LoadedPlugin p : loaded) {
            if (p.instance() instanceof ExtensiblePlugin extensible) {
                extensible.loadExtensions(new ExtensiblePlugin.ExtensionLoader() {
                    @Override
                    public <T> List<T> loadExtensions(Class<T> extensionPointType) {
                        Map<Class<?>, T> result = new HashMap<>();
                        for (LoadedPlugin candidate : loaded) {
                            for (T e : compatibleExtensions(extensionPointType, candidate.instance(), result)) {
                                result.put(e.getClass(), e);
                            }
                        }
                        return List.copyOf(result.values());
                    }
                });
            }
        }
        this.classpathPlugins = List.copyOf(loaded);
    }

    @Override
    protected final List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(classpathPlugins.stream().map(LoadedPlugin::descriptor).map(PluginRuntimeInfo::new).toList(), List.of());
    }

    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        // All plugins share one class loader, so an SPI lookup finds every provider for every plugin:
        // de-duplicate by class and skip providers whose one-argument constructor wants another plugin type.
        Map<Class<?>, T> result = new HashMap<>();
        for (LoadedPlugin p : classpathPlugins) {
            for (T e : compatibleExtensions(service, p.instance(), result)) {
                result.put(e.getClass(), e);
            }
        }
        return List.copyOf(result.values());
    }

    private static <T> List<T> compatibleExtensions(Class<T> type, Plugin plugin, Map<Class<?>, T> alreadyLoaded) {
        Iterator<Class<? extends T>> it = SPIClassIterator.get(type, plugin.getClass().getClassLoader());
        List<T> out = new ArrayList<>();
        while (it.hasNext()) {
            Class<? extends T> c = it.next();
            if (alreadyLoaded.containsKey(c)) {
                continue;
            }
            boolean compatible = true;
            for (Constructor<?> ctor : c.getConstructors()) {
                if (ctor.getParameterCount() == 1 && ctor.getParameterTypes()[0].isAssignableFrom(plugin.getClass()) == false) {
                    compatible = false;
                    break;
                }
            }
            if (compatible) {
                out.add(createExtension(c, type, plugin));
            }
        }
        return out;
    }
}
