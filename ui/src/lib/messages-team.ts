/**
 * Messages of the directors' view (ディレクター画面), merged into the catalogue by i18n.ts. Japanese first;
 * English with exactly the same keys and {placeholders}.
 */
export const ja = {
  'nav.team': 'チームの様子',
  'team.title': 'チームの様子',
  'team.intro': '作業中のワーカーはこの画面に自動で反映されます。',
  'team.now': 'いま作業中',
  'team.nowEmpty': 'いま作業中のワーカーはいません',
  'team.nowEmptyBody': 'ワーカーが作業を受け取ると、ここに表示されます。',
  'team.worker': 'ワーカー',
  'team.work': '作業',
  'team.since': '開始',
  'team.estimate': '見込み',
  'team.minutes': '{count} 分',
  'team.attention': '注意が必要なワーカー',
  'team.attentionEmpty': '正確さが目安（90%）を下回っているワーカーはいません。',
  'team.workType': '作業種別',
  'team.accuracy': '正確さ',
  'team.accuracyValue': '{percent}%（{count} 件）',
  'team.more': '勤務表の承認とワーカーの稼働可能時間は、それぞれの画面で確認できます。',
} as const;

export const en = {
  'nav.team': 'Team',
  'team.title': 'Team now',
  'team.intro': 'Workers taking and handing in work appear here as it happens.',
  'team.now': 'Working now',
  'team.nowEmpty': 'Nobody is working right now',
  'team.nowEmptyBody': 'When a worker takes a task, it shows here.',
  'team.worker': 'Worker',
  'team.work': 'Work',
  'team.since': 'Since',
  'team.estimate': 'Estimate',
  'team.minutes': '{count} min',
  'team.attention': 'Workers who need attention',
  'team.attentionEmpty': 'No worker is below the 90 % accuracy mark.',
  'team.workType': 'Work type',
  'team.accuracy': 'Accuracy',
  'team.accuracyValue': '{percent}% ({count} items)',
  'team.more': 'Timesheets to approve and workers’ hours are on their own pages.',
} as const satisfies Record<keyof typeof ja, string>;
