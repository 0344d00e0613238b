// Starts GraphiQL against this server's /graphql, opening one tab per
// example operation from /examples.json. Everything is served locally.
(function () {
  'use strict';

  var fallback = [{ query: '# Welcome to innograph.\n{\n  stats { entities relations facts }\n}\n' }];

  function tabsFrom(examples) {
    if (!Array.isArray(examples) || examples.length === 0) return fallback;
    return examples.map(function (ex) {
      var tab = { query: ex.query };
      if (ex.variables) tab.variables = JSON.stringify(ex.variables, null, 2);
      return tab;
    });
  }

  function start(tabs) {
    var fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    var plugins = [];
    if (window.GraphiQLPluginExplorer && GraphiQLPluginExplorer.explorerPlugin) {
      plugins.push(GraphiQLPluginExplorer.explorerPlugin());
    }
    var root = ReactDOM.createRoot(document.getElementById('graphiql'));
    root.render(
      React.createElement(GraphiQL, {
        fetcher: fetcher,
        plugins: plugins,
        defaultTabs: tabs,
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false
      })
    );
  }

  fetch('/examples.json')
    .then(function (res) { return res.ok ? res.json() : []; })
    .then(function (examples) { start(tabsFrom(examples)); })
    .catch(function () { start(fallback); });
})();
