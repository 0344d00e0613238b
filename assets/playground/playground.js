// Starts GraphiQL against this server's /graphql, opening one tab per
// example operation from /examples.json (built from schema/examples/).
// Everything it loads is served by this server: no CDN, no inline script,
// so the page works offline and under `script-src 'self'`.
(function () {
  'use strict';

  // Used when /examples.json cannot be had or holds no example.
  var fallback = [{ query: '# Welcome to innograph. Press the run button (or Ctrl-Enter).\n{ stats { entities } }\n' }];

  function tabsFrom(examples) {
    if (!Array.isArray(examples)) return fallback;
    var tabs = [];
    examples.forEach(function (ex) {
      if (!ex || typeof ex.query !== 'string' || ex.query.trim() === '') return;
      var tab = { query: ex.query };
      if (ex.variables != null) tab.variables = JSON.stringify(ex.variables, null, 2);
      tabs.push(tab);
    });
    return tabs.length ? tabs : fallback;
  }

  function start(tabs) {
    var plugins = [];
    if (window.GraphiQLPluginExplorer && typeof GraphiQLPluginExplorer.explorerPlugin === 'function') {
      plugins.push(GraphiQLPluginExplorer.explorerPlugin());
    }
    var root = ReactDOM.createRoot(document.getElementById('graphiql'));
    root.render(
      React.createElement(GraphiQL, {
        fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
        plugins: plugins,
        defaultTabs: tabs,
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false
      })
    );
  }

  fetch('/examples.json', { headers: { Accept: 'application/json' } })
    .then(function (res) {
      if (!res.ok) throw new Error('/examples.json: HTTP ' + res.status);
      return res.json();
    })
    .then(function (examples) { start(tabsFrom(examples)); })
    .catch(function () { start(fallback); });
})();
