angular.module('app', []).config(function ($sceProvider, $sceDelegateProvider) {
  // ruleid: js-angular-sce-disabled
  $sceProvider.enabled(false);
  // ruleid: js-angular-sce-disabled
  $sceDelegateProvider.resourceUrlWhitelist(['self', '**']);
  // ok: js-angular-sce-disabled
  $sceDelegateProvider.resourceUrlWhitelist(['self', 'https://cdn.example.com/**']);
  // ok: js-angular-sce-disabled
  $sceProvider.enabled(true);
});
