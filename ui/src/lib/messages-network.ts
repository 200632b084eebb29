/**
 * Messages of the hub's network view (centres, capacity, outcomes, map), merged into the catalogue by
 * i18n.ts. Same rules: Japanese first; English with exactly the same keys and {placeholders}. Numbers arrive
 * already formatted.
 */
export const ja = {
  'network.title': 'ネットワーク概況',
  'network.lead':
    'ネットワークの全センターについて、ワーカー数（人数のみ）、作業種別ごとの受注余力、分配した売上、稼働時間と就職などの成果を示します。個人を特定する情報は含みません。',
  'network.hubStaffOnly': 'この画面はハブの管理者とディレクターだけが使えます。',
  'network.fiscalYear': '年度',
  'network.fiscalYearOption': '{year}年度',
  'network.show': '表示する',
  'network.period': '{from}〜{to}',

  'network.summaryTitle': 'ネットワーク全体（{year}年度）',
  'network.centres': 'センター',
  'network.centresValue': '{n}か所（稼働中 {active}）',
  'network.workers': 'ワーカー',
  'network.activeWorkers': '直近{days}日に稼働',
  'network.hoursWorked': '稼働時間',
  'network.placements': '就職など',
  'network.revenueShared': '分配した売上',
  'network.weeklyCapacity': '今後7日の受注余力',
  'network.people': '{n}人',
  'network.hours': '{n}時間',
  'network.count': '{n}件',
  'network.yen': '{n}円',
  'network.notes':
    '稼働時間は承認済みの勤務表の時間です。就職などは年度内に記録された成果です。受注余力は、作業種別に必要なスキルをすべて持つワーカーの今後7日間の稼働可能時間（祝日・例外・週の上限を反映）です。分配した売上は、年度内に各センターが承諾したハブからの依頼（件数×単価）です。',

  'network.mapTitle': 'センターの地図',
  'network.mapDesc':
    '日本地図上の{n}か所のセンター。点の大きさはワーカー数、色と塗りは状態（稼働中は緑の塗り、立ち上げ中は白抜き、停止中は灰色）。沖縄は左上の枠内、長野県とその周辺は右下の拡大図に表示。同じ内容を下の表に示します。',
  'network.dotLabel': '{name}（{prefecture}、{status}）：ワーカー{workers}人、稼働時間{hours}時間',
  'network.legend': '凡例',
  'network.legendSize': '点の大きさ＝ワーカー数',
  'network.legendHub': '太い枠＝ハブ',
  'network.okinawa': '沖縄',
  'network.zoomLabel': '拡大：長野県とその周辺',
  'network.pointHint':
    '点にカーソルを合わせるか Tab キーで選ぶと、ここに詳細が出ます。点を選ぶと表の行へ移動します。',
  'network.selected':
    '{name}：ワーカー{workers}人（直近稼働{active}人）、稼働時間{hours}時間、就職など{placements}件、分配した売上{revenue}円',
  'network.approximate': '（位置は都道府県庁所在地）',

  'network.tableTitle': 'センター別の状況',
  'network.tableCaption': 'センター別の状況（{year}年度）',
  'network.centre': 'センター',
  'network.kind': '種別',
  'network.prefecture': '都道府県',
  'network.status': '状態',
  'network.code': '団体コード',
  'network.tasksShared': '分配件数',

  'network.chartsTitle': 'グラフ',
  'network.workersChart': 'センター別のワーカー数',
  'network.workersChartDesc':
    '横棒グラフ。センターごとのワーカー数（薄い色）と直近{days}日に稼働した人数（濃い色）。最大{max}人。数値は「センター別の状況」の表にあります。',
  'network.seriesWorkers': 'ワーカー数',
  'network.seriesActive': '直近稼働',
  'network.hoursChart': 'センター別の稼働時間（{year}年度）',
  'network.hoursChartDesc':
    '横棒グラフ。センターごとの承認済み稼働時間。最大{max}時間。数値は「センター別の状況」の表にあります。',
  'network.capacityChart': '作業種別ごとの受注余力（今後7日、ネットワーク全体）',
  'network.capacityChartDesc':
    '横棒グラフ。作業種別ごとの、有資格ワーカーの今後7日間の稼働可能時間の合計。最大{max}時間。数値は「作業種別の受注余力」の表にあります。',
  'network.noCapacity': 'どのセンターでも作業種別が有効になっていません。',

  'network.capacityTitle': '作業種別の受注余力',
  'network.capacityCaption': '作業種別の受注余力（ネットワーク全体、{from}から7日間）',
  'network.workType': '作業種別',
  'network.centresEnabled': '有効なセンター',
  'network.qualified': '有資格ワーカー',
  'network.weeklyHours': '7日間の稼働可能時間',
  'network.withoutHours': 'うち稼働時間未設定',
  'network.byCentreCaption': 'センター別・作業種別の受注余力（有資格ワーカー／7日間の時間）',
  'network.cell': '{n}人／{h}時間',
  'network.notEnabled': '無効',
} as const;

export const en = {
  'network.title': 'Network overview',
  'network.lead':
    'Every centre of the network: workers (counts only), capacity by work type, revenue shared, and the programme’s outcomes — hours worked and placements. Nothing here identifies a person.',
  'network.hubStaffOnly': 'Only the hub’s admins and directors can use this page.',
  'network.fiscalYear': 'Fiscal year',
  'network.fiscalYearOption': 'FY{year}',
  'network.show': 'Show',
  'network.period': '{from} – {to}',

  'network.summaryTitle': 'The whole network (FY{year})',
  'network.centres': 'Centres',
  'network.centresValue': '{n} ({active} active)',
  'network.workers': 'Workers',
  'network.activeWorkers': 'Active in the last {days} days',
  'network.hoursWorked': 'Hours worked',
  'network.placements': 'Placements',
  'network.revenueShared': 'Revenue shared',
  'network.weeklyCapacity': 'Capacity, next 7 days',
  'network.people': '{n}',
  'network.hours': '{n} h',
  'network.count': '{n}',
  'network.yen': '¥{n}',
  'network.notes':
    'Hours worked are those of approved timesheets. Placements are outcomes recorded in the fiscal year. Capacity is the hours that workers holding all of a work type’s skills can give over the next seven days (holidays, exceptions and weekly maximums applied). Revenue shared is the hub’s offers each centre accepted in the fiscal year (tasks × unit price).',

  'network.mapTitle': 'Map of the centres',
  'network.mapDesc':
    'The {n} centres on a map of Japan. Dot size shows the number of workers; colour and fill show the status (active: filled green, onboarding: hollow, suspended: grey). Okinawa is in the box at the top left; Nagano and around in the enlarged box at the bottom right. The table below gives the same information.',
  'network.dotLabel': '{name} ({prefecture}, {status}): {workers} workers, {hours} hours worked',
  'network.legend': 'Legend',
  'network.legendSize': 'Dot size = number of workers',
  'network.legendHub': 'Thick outline = the hub',
  'network.okinawa': 'Okinawa',
  'network.zoomLabel': 'Zoom: Nagano and around',
  'network.pointHint':
    'Hover over a dot or reach it with Tab to see its details here; choose it to jump to its row in the table.',
  'network.selected':
    '{name}: {workers} workers ({active} active lately), {hours} hours worked, {placements} placements, ¥{revenue} revenue shared',
  'network.approximate': ' (placed at the prefectural capital)',

  'network.tableTitle': 'Centres',
  'network.tableCaption': 'Centres (FY{year})',
  'network.centre': 'Centre',
  'network.kind': 'Kind',
  'network.prefecture': 'Prefecture',
  'network.status': 'Status',
  'network.code': 'LG code',
  'network.tasksShared': 'Tasks shared',

  'network.chartsTitle': 'Charts',
  'network.workersChart': 'Workers per centre',
  'network.workersChartDesc':
    'Horizontal bar chart: the workers of each centre (light) and those active in the last {days} days (dark); at most {max}. The numbers are in the Centres table.',
  'network.seriesWorkers': 'Workers',
  'network.seriesActive': 'Active lately',
  'network.hoursChart': 'Hours worked per centre (FY{year})',
  'network.hoursChartDesc':
    'Horizontal bar chart: approved hours worked per centre; at most {max} hours. The numbers are in the Centres table.',
  'network.capacityChart': 'Capacity by work type (next 7 days, whole network)',
  'network.capacityChartDesc':
    'Horizontal bar chart: per work type, the hours qualified workers can give over the next seven days; at most {max} hours. The numbers are in the capacity table.',
  'network.noCapacity': 'No centre has a work type enabled.',

  'network.capacityTitle': 'Capacity by work type',
  'network.capacityCaption': 'Capacity by work type (whole network, seven days from {from})',
  'network.workType': 'Work type',
  'network.centresEnabled': 'Centres',
  'network.qualified': 'Qualified workers',
  'network.weeklyHours': 'Hours in 7 days',
  'network.withoutHours': 'Of whom no hours set',
  'network.byCentreCaption': 'Capacity per centre and work type (qualified workers / hours in 7 days)',
  'network.cell': '{n} / {h} h',
  'network.notEnabled': 'Not enabled',
} as const;
